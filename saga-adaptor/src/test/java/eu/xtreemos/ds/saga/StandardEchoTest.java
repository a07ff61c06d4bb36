package eu.xtreemos.ds.saga;

import eu.xtreemos.ds.saga.standard.EchoClient;
import eu.xtreemos.ds.saga.standard.EchoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ogf.saga.SagaObject;
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.stream.StreamFactory;
import org.ogf.saga.stream.StreamServer;
import org.ogf.saga.url.URLFactory;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The echo server and client of {@code standard/}, written to the reference Java binding's declarations with
 * narrow {@code throws} clauses, compile against saga-api alone and run unchanged over tcp:// (the engine's plain
 * TCP adaptor) and over ds:// (a stream server on an in-process dsco, as DsServerTest makes them).
 */
class StandardEchoTest {
    static final Path SOURCES = Path.of("src/test/java/eu/xtreemos/ds/saga/standard");

    @Test
    void theStandardCodeCompilesAgainstSagaApiAlone(@TempDir Path out) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<Path> files;
        try (var s = Files.list(SOURCES)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertEquals(2, files.size(), "EchoServer and EchoClient");
        String sagaApi = Path.of(SagaObject.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, null)) {
            boolean ok = javac.getTask(null, fm, diagnostics,
                    List.of("--release", "17", "-Xlint:all", "-Werror", "-classpath", sagaApi, "-d", out.toString()),
                    null, fm.getJavaFileObjectsFromPaths(files)).call();
            String report = diagnostics.getDiagnostics().stream().map(Diagnostic::toString).collect(Collectors.joining("\n"));
            assertTrue(ok, report);
        }
    }

    @Test
    void theStandardEchoServerAndClientTalkOverTcp() throws Exception {
        try (StreamServer server = StreamFactory.createStreamServer(URLFactory.createURL("tcp://[::1]:0"))) {
            String url = server.getUrl().getString();
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try {
                    EchoServer.serve(server, 2);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("hello, SAGA", EchoClient.echo(url, "hello, SAGA"));
            String big = "x".repeat(100_000);
            assertEquals(big, EchoClient.echo(url, big));
            serving.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theStandardEchoServerAndClientTalkOverDs() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        FakeDsco dsco = new FakeDsco(port);
        Session session = SessionFactory.createSession(false);
        String url = "ds://[::1]:" + port;
        try (DsServer server = new DsServer(session, URLFactory.createURL(url),
                DsUrl.parse(URLFactory.createURL(url), session), dsco.node("a"))) {
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try {
                    EchoServer.serve(server, 2);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("hello, SAGA", EchoClient.echo(url, "hello, SAGA"));
            String big = "x".repeat(100_000);
            assertEquals(big, EchoClient.echo(url, big));
            serving.get(30, TimeUnit.SECONDS);
        }
    }
}
