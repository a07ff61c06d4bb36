package eu.xtreemos.ds.e2e.saga;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.cluster.NodeProcess;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.testbed.NamespaceTestbed;
import eu.xtreemos.ds.testbed.TestbedSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The SAGA counter service (saga-examples, compiled against saga-api alone) on every node of a two-node
 * distributed server, as user nobody, through dsco: clients keep their counter across handoffs both ways,
 * including a half-sent line and lines still in the kernel's queue when the handoff starts; a client not
 * handed off is not disturbed; a user dsco does not allow gets AuthorizationFailedException at once.
 */
class SagaHandoffTest {
    static NamespaceTestbed tb;
    static DscoCluster cluster;
    static DscoCluster.Service service;

    @BeforeAll
    static void start() throws Exception {
        tb = NamespaceTestbed.up(new TestbedSpec("esaga", 1, 2, 20));
        try {
            cluster = DscoCluster.start(tb, new DscoCluster.Options("hold", 0, Map.of(), 1,
                    new DscoCluster.Application("eu.xtreemos.ds.saga.examples.CounterServer",
                            List.of("ds://[${address}]:${port}?socket=${socket}"))));
            service = cluster.services().get(0);
        } catch (Exception e) {
            tb.close();
            throw e;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            tb.close();
        }
    }

    /** A line-based client of the counter service, connected from a client namespace. */
    static final class Client implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;

        Client(String clientNode) throws Exception {
            try (NetNamespace ns = NetNamespace.open(tb.ns(clientNode))) {
                socket = ns.call(() -> new Socket(service.address(), service.port()));
            }
            socket.setSoTimeout(15_000); // an answer that never comes fails the test instead of hanging it
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        void send(String text) throws Exception {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        }

        String ask(String line) throws Exception {
            send(line + "\n");
            return in.readLine();
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    static void handoff(String from, String client, String to) throws Exception {
        try (DscoClient operator = DscoClient.connect(cluster.socket(from))) {
            operator.requestHandoff(service.id(), tb.clientAddress(client), to);
        }
    }

    /**
     * Waits (up to 5 s) until {@code node} holds no connection of the client that the client closed and the
     * application has not closed yet: a handoff moves established connections only, and an earlier test's closed
     * client may linger there in CLOSE_WAIT for a moment.
     */
    static void awaitNoHalfClosed(String node, String client) throws Exception {
        String peer = "[" + tb.clientAddress(client).getHostAddress() + "]";
        long deadline = System.nanoTime() + 5_000_000_000L;
        String out = "";
        while (System.nanoTime() < deadline) {
            out = tb.exec(node, "ss", "-Htn", "state", "close-wait", "dst", peer);
            if (out.isBlank()) {
                return;
            }
            Thread.sleep(20);
        }
        fail(node + " still holds half-closed connections of " + client + " after 5 s:\n" + out);
    }

    @Test
    void theReceivingNodeContinuesEachClientsSessionWhereItStopped() throws Exception {
        try (Client a = new Client("client1"); Client b = new Client("client2")) {
            assertEquals("total 5 on contact", a.ask("add 5"));
            assertEquals("total 100 on contact", b.ask("add 100"));

            handoff("contact", "client1", "server1");
            assertEquals("total 8 on server1", a.ask("add 3"), "the counter moved with the client");
            assertEquals("total 101 on contact", b.ask("add 1"), "the other client stays where it was");

            // A half-sent line: the server has consumed it, so it travels in the application state.
            a.send("add 1");
            Thread.sleep(200);
            handoff("server1", "client1", "contact");
            assertEquals("total 18 on contact", a.ask("0"), "the half line 'add 1' and its end '0' make 'add 10'");
        } catch (AssertionError | Exception e) {
            System.out.println(cluster.logs());
            throw e;
        }
    }

    @Test
    void linesInFlightDuringTheHandoffAreAnsweredOnceEachInOrder() throws Exception {
        try (Client c = new Client("client2")) {
            String first = c.ask("get");
            assertTrue(first.matches("total \\d+ on contact"), first);
            long before = Long.parseLong(first.split(" ")[1]); // client2 may still have its counter from another test
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                burst.append("add 1\n");
            }
            awaitNoHalfClosed("contact", "client2");
            c.send(burst.toString());
            handoff("contact", "client2", "server1"); // while the burst is being read, answered or still queued
            for (int i = 1; i <= 200; i++) {
                String answer = c.in.readLine();
                assertNotNull(answer, "connection ended after " + (i - 1) + " answers");
                assertTrue(answer.startsWith("total " + (before + i) + " on "), "answer " + i + ": " + answer);
            }
            assertEquals("total " + (before + 200) + " on server1", c.ask("get"));
        } catch (AssertionError | Exception e) {
            System.out.println(cluster.logs());
            throw e;
        }
    }

    @Test
    void aUserDscoDoesNotAllowGetsAuthorizationFailedAtOnce() throws Exception {
        long t0 = System.currentTimeMillis();
        try (NodeProcess p = cluster.launchAs("app-refused", "contact", 4242, "eu.xtreemos.ds.saga.examples.CounterServer",
                "ds://[" + service.address().getHostAddress() + "]:" + service.port() + "?socket=" + cluster.socket("contact"))) {
            String line = p.await("error", 30_000);
            assertTrue(line.startsWith("error AuthorizationFailedException"), line);
            assertTrue(line.contains("not allowed"), line);
            assertTrue(System.currentTimeMillis() - t0 < 30_000);
        }
    }

}
