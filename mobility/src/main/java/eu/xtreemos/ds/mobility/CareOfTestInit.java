package eu.xtreemos.ds.mobility;

import java.util.List;

/**
 * Care-of Test Init (MH type 2, RFC 6275 §6.1.4): sent by the mobile node directly from its care-of
 * address to start the care-of half of return routability.
 */
public record CareOfTestInit(long careOfInitCookie, List<MobilityOption> options) implements MobilityMessage {
    public CareOfTestInit {
        options = List.copyOf(options);
    }

    public CareOfTestInit(long careOfInitCookie) {
        this(careOfInitCookie, List.of());
    }

    @Override
    public MhType type() {
        return MhType.CARE_OF_TEST_INIT;
    }
}
