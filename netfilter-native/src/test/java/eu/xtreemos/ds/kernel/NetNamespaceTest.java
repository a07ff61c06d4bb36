package eu.xtreemos.ds.kernel;

import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.*;

class NetNamespaceTest {

    @Test
    void tasksRunInsideTheNamespace() throws Exception {
        try (ScratchNamespace s = new ScratchNamespace("dsns")) {
            assertEquals(0, s.exec("ip", "addr", "add", "fd00:d5:ff::1/128", "dev", "lo", "nodad"));
            InetSocketAddress only = new InetSocketAddress(InetAddress.getByName("fd00:d5:ff::1"), 0);
            s.ns.run(() -> { // the address exists in the namespace ...
                try (ServerSocket ok = new ServerSocket()) {
                    ok.bind(only);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (ServerSocket outside = new ServerSocket()) { // ... and not where the test runs
                assertThrows(BindException.class, () -> outside.bind(only));
            }
        }
    }

    @Test
    void aMissingNamespaceFailsAtOnceWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetNamespace.open("no-such-ns-x"));
        assertTrue(e.getMessage().contains("no-such-ns-x"));
    }

    @Test
    void aNamespaceDeletedAfterOpeningFailsTasksInsteadOfHanging() throws Exception {
        ScratchNamespace s = new ScratchNamespace("dsgone");
        NetNamespace late = NetNamespace.open(s.name); // its thread has entered already: keeps working
        s.close();
        assertEquals(42, (int) late.call(() -> 42));
        late.close();
        assertThrows(IllegalArgumentException.class, () -> NetNamespace.open(s.name));
    }
}
