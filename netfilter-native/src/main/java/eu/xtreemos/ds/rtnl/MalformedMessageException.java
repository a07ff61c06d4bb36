package eu.xtreemos.ds.rtnl;

/**
 * Netlink bytes that do not parse: a length field pointing past the end of the data, a structure
 * shorter than its fixed size, an address of the wrong size. The parsers throw this instead of any
 * index or buffer error.
 */
public class MalformedMessageException extends NetlinkException {
    private final String problem;

    /** From a parser, which does not know which request the bytes answer. */
    public MalformedMessageException(String problem) {
        this("netlink parse", problem);
    }

    public MalformedMessageException(String operation, String problem) {
        super(operation, "malformed netlink message: " + problem, null);
        this.problem = problem;
    }

    /** The same problem, named after the request whose reply it was. */
    MalformedMessageException during(String operation) {
        MalformedMessageException e = new MalformedMessageException(operation, problem);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
