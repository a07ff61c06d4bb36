package eu.xtreemos.ds.saga.standard;

import org.ogf.saga.SagaObject;
import org.ogf.saga.buffer.Buffer;
import org.ogf.saga.buffer.BufferFactory;
import org.ogf.saga.error.AlreadyExistsException;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.error.SagaIOException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.stream.Activity;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamFactory;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;
import org.ogf.saga.url.URLFactory;

import java.nio.charset.StandardCharsets;

/**
 * The client of {@link EchoServer}, in the same style: only {@code org.ogf.saga} types and narrow {@code throws}
 * clauses. It connects with a task (the binding's asynchronous form), sends a line, waits for the echo with
 * {@link Stream#waitFor} and reads it back.
 */
public final class EchoClient {
    private EchoClient() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: EchoClient <url> <text>");
            System.exit(2);
        }
        try {
            System.out.println(echo(args[0], args[1]));
        } catch (SagaException e) {
            for (String m : e.getAllMessages()) {
                System.err.println(m);
            }
            System.exit(1);
        }
    }

    /** Sends {@code text} to the echo server at {@code url} and returns what came back. */
    public static String echo(String url, String text) throws BadParameterException, NoSuccessException,
            NotImplementedException, IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, IncorrectStateException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, SagaIOException {
        Session session = SessionFactory.createSession(false);
        URL u = URLFactory.createURL(url);
        Task<StreamFactory, Stream> opening = StreamFactory.createStream(TaskMode.ASYNC, session, u);
        Stream stream = opening.getResult();
        try {
            Task<Stream, Void> connecting = stream.connect(TaskMode.TASK);
            connecting.run();
            connecting.waitFor(SagaObject.WAIT_FOREVER);
            connecting.rethrow();
            byte[] sent = text.getBytes(StandardCharsets.UTF_8);
            Buffer out = BufferFactory.createBuffer(sent);
            stream.write(out);
            out.close();

            Buffer in = BufferFactory.createBuffer(sent.length);
            byte[] got = new byte[sent.length];
            int have = 0;
            while (have < got.length) {
                int ready = stream.waitFor(Activity.READ.or(Activity.EXCEPTION));
                if (Activity.EXCEPTION.isSet(ready)) {
                    throw new NoSuccessException("the stream failed after " + have + " bytes");
                }
                int n = stream.read(in, got.length - have);
                if (n == 0) {
                    throw new NoSuccessException("the server closed the stream after " + have + " bytes");
                }
                System.arraycopy(in.getData(), 0, got, have, n);
                have += n;
            }
            in.close();
            return new String(got, StandardCharsets.UTF_8);
        } finally {
            stream.close();
            session.close();
        }
    }
}
