package eu.xtreemos.ds.saga.standard;

import org.ogf.saga.buffer.Buffer;
import org.ogf.saga.buffer.BufferFactory;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.error.SagaIOException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamFactory;
import org.ogf.saga.stream.StreamServer;
import org.ogf.saga.url.URL;
import org.ogf.saga.url.URLFactory;

/**
 * An echo server written to the SAGA Java binding 1.1.2 as its documentation writes code: only {@code org.ogf.saga}
 * types, and each method declares exactly the exceptions of the calls it makes. It must compile unchanged against
 * this project's saga-api (StandardEchoTest compiles it against saga-api alone); it runs on any implementation
 * whose stream adaptor serves the URL ({@code ds://[service address]:port} here).
 */
public final class EchoServer {
    private EchoServer() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: EchoServer <url> <number of clients>");
            System.exit(2);
        }
        try {
            serve(args[0], Integer.parseInt(args[1]));
        } catch (SagaException e) {
            for (String m : e.getAllMessages()) {
                System.err.println(m);
            }
            System.exit(1);
        }
    }

    /** Serves {@code clients} clients one after the other on a server it makes on {@code url}, then closes it. */
    public static void serve(String url, int clients) throws BadParameterException, NoSuccessException,
            NotImplementedException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, IncorrectURLException, TimeoutException, IncorrectStateException,
            SagaIOException {
        URL u = URLFactory.createURL(url);
        StreamServer server = StreamFactory.createStreamServer(u);
        try {
            serve(server, clients);
        } finally {
            server.close();
        }
    }

    /** Serves {@code clients} clients of {@code server} one after the other, each until it closes its side. */
    public static void serve(StreamServer server, int clients) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            IncorrectStateException, TimeoutException, NoSuccessException, BadParameterException, SagaIOException {
        for (int i = 0; i < clients; i++) {
            Stream client = server.serve();
            try {
                echo(client);
            } finally {
                client.close();
            }
        }
    }

    /** Writes back what the client sends until it closes its side (a read of 0 bytes). */
    public static long echo(Stream client) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, IncorrectStateException,
            TimeoutException, NoSuccessException, SagaIOException {
        Buffer buffer = BufferFactory.createBuffer(4096);
        long echoed = 0;
        try {
            while (true) {
                int n = client.read(buffer);
                if (n == 0) {
                    return echoed;
                }
                int off = 0;
                while (off < n) {
                    Buffer rest = BufferFactory.createBuffer(java.util.Arrays.copyOfRange(buffer.getData(), off, n));
                    off += client.write(rest);
                    rest.close();
                }
                echoed += n;
            }
        } catch (org.ogf.saga.error.DoesNotExistException e) {
            throw new NoSuccessException("the buffer lost its data", e);
        } finally {
            buffer.close();
        }
    }
}
