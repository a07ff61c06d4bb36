package eu.xtreemos.ds.saga;

import eu.xtreemos.ds.dsco.client.DscoException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.SagaException;

import java.io.IOException;

/**
 * Turns what went wrong talking to dsco into the SAGA exception an application expects: a process dsco
 * does not accept at all → {@link AuthorizationFailedException}; an operation it may not do →
 * {@link PermissionDeniedException}; a malformed request → {@link BadParameterException}; an operation not
 * available in this mode → {@link NotImplementedException}; anything else → {@link NoSuccessException}.
 */
final class DscoErrors {
    private DscoErrors() {
    }

    /** {@code what} says what was being done, e.g. "handoff of 2001:db8::7 to server1". */
    static SagaException toSaga(IOException e, String what, Object object) {
        String msg = what + ": " + e.getMessage();
        if (e instanceof DscoException d) {
            return switch (d.status()) {
                case DENIED -> refusedProcess(d) ? new AuthorizationFailedException(msg + " (allow this user in dsco's api.users or api.groups)", e)
                        : new PermissionDeniedException(msg, e);
                case BAD_REQUEST -> new BadParameterException(msg, e);
                case NOT_AVAILABLE, UNKNOWN_OP, UNSUPPORTED_VERSION -> new NotImplementedException(msg, e);
                default -> new NoSuccessException(msg, e);
            };
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("api.users") || m.contains("ermission denied")) {
            return new AuthorizationFailedException(msg, e);
        }
        return new NoSuccessException(msg, e);
    }

    /** dsco refuses a whole connection with "uid N is not allowed to use dsco". */
    private static boolean refusedProcess(DscoException d) {
        return String.valueOf(d.getMessage()).contains("not allowed to use dsco");
    }
}
