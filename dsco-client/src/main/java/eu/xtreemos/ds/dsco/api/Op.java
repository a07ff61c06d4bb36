package eu.xtreemos.ds.dsco.api;

/** Operation codes of the dsco UNIX-socket API (docs/dsco-protocol.md). */
public enum Op {
    HELLO(1, false),
    GET_ALL_NODES(10, false),
    GET_ANYCAST_ADDR(11, false),
    FIND_LOCAL_NODE(12, false),
    DELETE_BU(13, true),
    GET_BU_SEQ_NO(14, false),
    SET_CONTACT_ADDR(15, true),
    START_RO(16, true),
    REGISTER_RECEIVER(20, false),
    DONATE(21, false),
    FDS(23, false),            // more socket fds for the DONATE, RECOVER or CHECKPOINT that follows (over FDS_PER_MESSAGE)
    LIST_CLIENTS(22, false),
    GET_CONFIG(30, false),
    SET_CONFIG(31, false), // privileged or not depending on the key
    CHANGE_CONTACT(32, true),
    REQUEST_HANDOFF(33, true), // operator: ask the service's application to hand a client off
    RECOVER(34, false),        // after dsco restarted mid-DONATE: the application passes the sockets again
    GET_MEMBERS(35, false),    // the live dsco daemons (membership group) and the contact node
    LIST_SERVICES(36, false),  // the services this dsco serves, each with its addresses and ports
    STATS(37, false),          // this dsco's counters and latency percentiles since it started (KEY/VALUE pairs)
    EVENTS(40, false),         // the group's events after a sequence number, waiting up to WAIT_MS for one
    DRAIN(41, true),           // hand every client of this node to the least-loaded other nodes
    ADD_NODE(38, true),        // a node joins the group at run time (NODE, NODE_ADDRESS); every dsco and the HA are told
    REMOVE_NODE(39, true),     // a node leaves the group (NODE): refused while it is the contact node or serves clients
    SET_SUCCESSORS(42, true),  // the contact node's successor order (NODE*), for failover; every dsco is told
    CHECKPOINT(43, false),     // a protected client's sockets and state, for its backup node; no sockets: the client ended
    RECEIVED(100, false),      // event: dsco -> the registered application: a client arrived
    RECEIVED_FDS(102, false),  // event: more live socket fds of the RECEIVED that follows
    HANDOFF_REQUESTED(101, false); // event: dsco -> the registered application: please hand this client off

    /**
     * Socket fds per message (the kernel's SCM_MAX_FD is 253): a client with more connections is passed in
     * several messages, FDS (or RECEIVED_FDS) parts first, then DONATE/RECOVER (or RECEIVED) with the rest.
     */
    public static final int FDS_PER_MESSAGE = 250;

    public final int code;
    /** Only root or the admin group may call it. */
    public final boolean privileged;

    Op(int code, boolean privileged) {
        this.code = code;
        this.privileged = privileged;
    }

    public static Op of(int code) {
        for (Op o : values()) {
            if (o.code == code) {
                return o;
            }
        }
        return null;
    }
}
