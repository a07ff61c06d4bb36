package eu.xtreemos.ds.mobility;

import java.util.List;

/**
 * Care-of Test (MH type 4, RFC 6275 §6.1.6): the correspondent's answer to a CoTI, sent to the care-of
 * address: the echoed cookie, the care-of keygen token and the index of its nonce.
 */
public record CareOfTest(int careOfNonceIndex, long careOfInitCookie, long careOfKeygenToken,
                         List<MobilityOption> options) implements MobilityMessage {
    public CareOfTest {
        Fields.u16("care-of nonce index", careOfNonceIndex);
        options = List.copyOf(options);
    }

    public CareOfTest(int careOfNonceIndex, long careOfInitCookie, long careOfKeygenToken) {
        this(careOfNonceIndex, careOfInitCookie, careOfKeygenToken, List.of());
    }

    @Override
    public MhType type() {
        return MhType.CARE_OF_TEST;
    }
}
