package eu.xtreemos.ds.mobility;

/** The Mobility Header message types of RFC 6275 §6.1 (the MH Type field). */
public enum MhType {
    // fixed length: the 6-octet common header plus the type's fields, i.e. where the options start
    BINDING_REFRESH_REQUEST(0, "BRR", 8),
    HOME_TEST_INIT(1, "HoTI", 16),
    CARE_OF_TEST_INIT(2, "CoTI", 16),
    HOME_TEST(3, "HoT", 24),
    CARE_OF_TEST(4, "CoT", 24),
    BINDING_UPDATE(5, "BU", 12),
    BINDING_ACKNOWLEDGEMENT(6, "BA", 12),
    BINDING_ERROR(7, "BE", 24);

    private final int code;
    private final String shortName;
    private final int fixedLength;

    MhType(int code, String shortName, int fixedLength) {
        this.code = code;
        this.shortName = shortName;
        this.fixedLength = fixedLength;
    }

    /** Octets before the first mobility option: the common header and this type's fields. */
    public int fixedLength() {
        return fixedLength;
    }

    public int code() {
        return code;
    }

    /** The abbreviation the RFC uses (HoTI, BU, ...). */
    public String shortName() {
        return shortName;
    }

    /** The type with this code, or null if RFC 6275 defines none. */
    public static MhType of(int code) {
        for (MhType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
