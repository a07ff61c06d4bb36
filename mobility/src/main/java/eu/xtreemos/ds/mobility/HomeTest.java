package eu.xtreemos.ds.mobility;

import java.util.List;

/**
 * Home Test (MH type 3, RFC 6275 §6.1.5): the correspondent's answer to a HoTI, sent to the home address:
 * the echoed cookie, the home keygen token and the index of the nonce that produced it.
 */
public record HomeTest(int homeNonceIndex, long homeInitCookie, long homeKeygenToken, List<MobilityOption> options)
        implements MobilityMessage {
    public HomeTest {
        Fields.u16("home nonce index", homeNonceIndex);
        options = List.copyOf(options);
    }

    public HomeTest(int homeNonceIndex, long homeInitCookie, long homeKeygenToken) {
        this(homeNonceIndex, homeInitCookie, homeKeygenToken, List.of());
    }

    @Override
    public MhType type() {
        return MhType.HOME_TEST;
    }
}
