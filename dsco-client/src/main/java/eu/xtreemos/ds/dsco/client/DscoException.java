package eu.xtreemos.ds.dsco.client;

import eu.xtreemos.ds.dsco.api.Status;

import java.io.IOException;

/** dsco answered a request with an error; {@link #status()} says which kind. */
public class DscoException extends IOException {
    private final Status status;

    public DscoException(Status status, String message) {
        super(message);
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
