package eu.xtreemos.ds.mobility;

import java.util.List;

/**
 * Home Test Init (MH type 1, RFC 6275 §6.1.3): sent by the mobile node from its home address, through the
 * home agent, to start the home half of return routability. The correspondent echoes the cookie.
 */
public record HomeTestInit(long homeInitCookie, List<MobilityOption> options) implements MobilityMessage {
    public HomeTestInit {
        options = List.copyOf(options);
    }

    public HomeTestInit(long homeInitCookie) {
        this(homeInitCookie, List.of());
    }

    @Override
    public MhType type() {
        return MhType.HOME_TEST_INIT;
    }
}
