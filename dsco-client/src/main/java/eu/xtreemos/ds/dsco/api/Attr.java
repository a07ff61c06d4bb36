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
    // Group events (EVENTS) and drains (DRAIN): docs/dsco-protocol.md "Group events"
    public static final int EVENT_SEQ = 70;   // u64: an event's sequence number; starts an event in a list
    public static final int EVENT_KIND = 71;  // text: GroupEvent.Kind, lower case
    public static final int EVENT_TIME = 72;  // u64: milliseconds since the epoch when dsco noted it
    public static final int EPOCH = 73;       // text: this run of dsco's event log (sequence numbers restart with it)
    public static final int EVENT_FIRST = 74; // u64: the oldest sequence number dsco still holds
    public static final int EVENT_LAST = 75;  // u64: the newest sequence number
    public static final int WAIT_MS = 76;     // u32: how long EVENTS may wait for a new event
    public static final int DETAIL = 77;      // text: what else an event says (a failure's reason, a drain's progress)
    public static final int CHECKPOINT_SEQ = 78; // u64: a checkpoint's number (grows across restarts of dsco)

    private Attr() {
    }
}
