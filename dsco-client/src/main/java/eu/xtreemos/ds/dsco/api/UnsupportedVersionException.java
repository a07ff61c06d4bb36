package eu.xtreemos.ds.dsco.api;

/** The peer speaks another version of the API. */
public class UnsupportedVersionException extends MalformedMessageException {
    public UnsupportedVersionException(int version) {
        super("API version " + version + " is not supported (this dsco speaks " + ApiMessage.VERSION + ")");
    }
}
