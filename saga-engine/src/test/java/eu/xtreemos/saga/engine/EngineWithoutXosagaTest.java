package eu.xtreemos.saga.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ogf.saga.SagaObject;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application on the SAGA API alone runs with saga-api and saga-engine and nothing else: the engine loads without
 * the XOSAGA classes (it uses them only when they are there). A program compiled against saga-api echoes a line over
 * tcp:// in a JVM whose class path is those two and the program.
 */
class EngineWithoutXosagaTest {
    private static final String PROGRAM = """
            import org.ogf.saga.buffer.Buffer;
            import org.ogf.saga.buffer.BufferFactory;
            import org.ogf.saga.stream.Stream;
            import org.ogf.saga.stream.StreamFactory;
            import org.ogf.saga.stream.StreamServer;
            import org.ogf.saga.url.URLFactory;

            public class PlainTcp {
                public static void main(String[] args) throws Exception {
                    StreamServer server = StreamFactory.createStreamServer(URLFactory.createURL("tcp://[::1]:0"));
                    Stream client = StreamFactory.createStream(server.getUrl());
                    client.connect(5f);
                    Stream served = server.serve(5f);
                    client.write(BufferFactory.createBuffer("over tcp".getBytes()));
                    Buffer b = BufferFactory.createBuffer(8);
                    int n = served.read(b);
                    System.out.println("read " + new String(b.getData(), 0, n));
                    try {
                        Class.forName("eu.xtreemos.xosaga.DistributedServer");
                        System.out.println("xosaga present");
                    } catch (ClassNotFoundException e) {
                        System.out.println("xosaga absent");
                    }
                }
            }
            """;

    @Test
    void aSagaApplicationRunsOnSagaApiAndTheEngineAlone(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("PlainTcp.java");
        Files.writeString(src, PROGRAM);
        String api = Path.of(SagaObject.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String engine = Path.of(EngineSagaFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "--release", "17", "-cp", api, "-d", dir.toString(), src.toString()));

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, List.of(dir.toString(), api, engine)), "PlainTcp")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the program did not end within 60 s");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertEquals("read over tcp\nxosaga absent\n", out);
    }
}
