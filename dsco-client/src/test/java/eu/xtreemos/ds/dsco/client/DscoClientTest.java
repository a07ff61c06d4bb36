package eu.xtreemos.ds.dsco.client;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.HandoffPhase;
import eu.xtreemos.ds.dsco.api.HandoffTimings;
import eu.xtreemos.ds.dsco.api.Op;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.unix.UnixMessage;
import eu.xtreemos.ds.unix.UnixSeqpacketServer;
import eu.xtreemos.ds.unix.UnixSeqpacketSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DscoClient against a dsco stand-in on a real UNIX SOCK_SEQPACKET socket that answers one request with a reply
 * built as dsco builds it: what the client returns is what the reply carried.
 */
class DscoClientTest {
    @TempDir
    Path dir;

    /** Serves one request on {@code socket} with {@code answer}; completes with the request it saw. */
    private CompletableFuture<ApiMessage> answerOnce(UnixSeqpacketServer server, Function<ApiMessage, ApiMessage> answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (UnixSeqpacketSocket s = server.accept(); UnixMessage m = s.receive()) {
                ApiMessage rq = ApiMessage.decode(m.data(), m.data().length);
                s.send(answer.apply(rq).encode());
                return rq;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void listServicesGivesEachServiceItsAddressesAndPorts() throws Exception {
        Path sock = dir.resolve("dsco.sock");
        InetAddress demo6 = InetAddress.getByName("fd00:5::1"), demo4 = InetAddress.getByName("192.0.2.7");
        InetAddress web6 = InetAddress.getByName("fd00:5::2");
        try (UnixSeqpacketServer server = UnixSeqpacketServer.bind(sock)) {
            server.listen();
            CompletableFuture<ApiMessage> seen = answerOnce(server, rq -> ApiMessage.reply(rq, Status.OK)
                    .add(Attr.SERVICE, "demo").add(Attr.ADDRESS, demo6).add(Attr.ADDRESS, demo4)
                    .add(Attr.PORT, (short) 7000).add(Attr.PORT, (short) 65000)
                    .add(Attr.SERVICE, "web").add(Attr.ADDRESS, web6).add(Attr.PORT, (short) 80));
            try (DscoClient c = DscoClient.connect(sock)) {
                assertEquals(List.of(new DscoClient.Service("demo", List.of(demo6, demo4), List.of(7000, 65000), false),
                        new DscoClient.Service("web", List.of(web6), List.of(80), false)), c.services());
            }
            assertEquals(Op.LIST_SERVICES, seen.get().op());
        }
    }

    @Test
    void groupChangesCarryTheirNodesInOrderAndARefusalIsThrownWithItsStatus() throws Exception {
        Path sock = dir.resolve("dsco.sock");
        InetAddress a = InetAddress.getByName("fd00:d5:1:1::13");
        try (UnixSeqpacketServer server = UnixSeqpacketServer.bind(sock)) {
            server.listen();
            CompletableFuture<ApiMessage> add = answerOnce(server, rq -> ApiMessage.reply(rq, Status.OK));
            try (DscoClient c = DscoClient.connect(sock)) {
                c.addNode("server3", a);
            }
            assertEquals(Op.ADD_NODE, add.get().op());
            assertEquals("server3", add.get().text(Attr.NODE));
            assertEquals(a, add.get().address(Attr.NODE_ADDRESS));

            CompletableFuture<ApiMessage> order = answerOnce(server, rq -> ApiMessage.reply(rq, Status.OK));
            try (DscoClient c = DscoClient.connect(sock)) {
                c.setSuccessors(List.of("server2", "contact", "server1"));
            }
            assertEquals(Op.SET_SUCCESSORS, order.get().op());
            assertEquals(List.of("server2", "contact", "server1"), order.get().all(Attr.NODE).stream().map(ApiMessage.Attribute::text).toList());

            answerOnce(server, rq -> ApiMessage.error(rq, Status.DENIED, "REMOVE_NODE needs root or the admin group"));
            try (DscoClient c = DscoClient.connect(sock)) {
                DscoException e = assertThrows(DscoException.class, () -> c.removeNode("server3"));
                assertEquals(Status.DENIED, e.status());
                assertEquals("REMOVE_NODE needs root or the admin group", e.getMessage());
            }
        }
    }

    @Test
    void aHandoffRequestReturnsTheTypedTimings() throws Exception {
        Path sock = dir.resolve("dsco.sock");
        HandoffTimings timings = HandoffTimings.of(Map.of(HandoffPhase.FREEZE_DUMP, 2_500_000L, HandoffPhase.COMMIT, 900_000L));
        try (UnixSeqpacketServer server = UnixSeqpacketServer.bind(sock)) {
            server.listen();
            CompletableFuture<ApiMessage> seen = answerOnce(server, rq -> timings.addTo(ApiMessage.reply(rq, Status.OK)));
            try (DscoClient c = DscoClient.connect(sock)) {
                assertEquals(timings, c.requestHandoff("demo", InetAddress.getByName("fd00:6::9"), "server1"));
            }
            assertEquals("server1", seen.get().text(Attr.NODE));
        }
    }

    @Test
    void anErrorReplyIsThrownWithItsStatusAndReason() throws Exception {
        Path sock = dir.resolve("dsco.sock");
        try (UnixSeqpacketServer server = UnixSeqpacketServer.bind(sock)) {
            server.listen();
            answerOnce(server, rq -> ApiMessage.error(rq, Status.DENIED, "CHANGE_CONTACT needs root or the admin group"));
            try (DscoClient c = DscoClient.connect(sock)) {
                DscoException e = assertThrows(DscoException.class, () -> c.changeContact("demo", "server1"));
                assertEquals(Status.DENIED, e.status());
                assertTrue(e.getMessage().contains("admin group"), e.getMessage());
            }
        }
    }

    @Test
    void anAbsentDaemonIsNamedByItsSocket() {
        Path sock = dir.resolve("none.sock");
        IOException e = assertThrows(IOException.class, () -> DscoClient.connect(sock));
        assertTrue(e.getMessage().contains("cannot reach dsco at " + sock), e.getMessage());
    }
}
