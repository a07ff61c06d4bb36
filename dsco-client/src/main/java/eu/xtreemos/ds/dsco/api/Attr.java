package eu.xtreemos.ds.dsco.api;

/** Attribute types of API messages; values are UTF-8 text, raw bytes or big-endian integers. */
public final class Attr {
    public static final int STATUS = 1;    // u16, replies only
    public static final int ERROR = 2;     // text
    public static final int SERVICE = 3;   // text: service id
    public static final int ADDRESS = 4;   // 4 or 16 bytes
    public static final int NODE = 5;      // text: node name
    public static final int BLOB = 6;      // bytes: application state, at most 64 KiB
    public static final int KEY = 7;       // text: configuration key
    public static final int VALUE = 8;     // text: configuration value
    public static final int SEQNO = 9;     // u32
    public static final int CONNECTIONS = 10; // u32
    public static final int TIMING = 11;   // u16 HandoffPhase code, u64 nanoseconds
    public static final int VERSION = 12;  // u16
    public static final int NODE_ADDRESS = 13; // 16 bytes, follows a NODE in lists
    public static final int ROLE = 14;     // text
    public static final int MODE = 15;     // text
    public static final int PORT = 16;     // u16

    private Attr() {
    }
}
