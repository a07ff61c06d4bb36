package eu.xtreemos.gecko;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InvalidClassException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** What a handoff carries for Gecko: connection ids, unsent output and the handler's state, and bad input named. */
class EnvelopeTest {
    @Test
    void idsUnsentOutputAndStateRoundTrip() throws Exception {
        Random r = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<Envelope.Conn> conns = new ArrayList<>();
            for (int i = 0, n = r.nextInt(5); i < n; i++) {
                byte[] pending = new byte[r.nextInt(3) == 0 ? 0 : r.nextInt(9000)];
                r.nextBytes(pending);
                conns.add(new Envelope.Conn(r.nextInt(100), pending));
            }
            byte[] state = new byte[r.nextInt(2000)];
            r.nextBytes(state);
            Envelope e = new Envelope(r.nextInt(1000), conns, state);
            Envelope back = Envelope.decode(e.encode());
            assertEquals(e.nextId(), back.nextId());
            assertArrayEquals(state, back.state());
            assertEquals(conns.size(), back.conns().size());
            for (int i = 0; i < conns.size(); i++) {
                assertEquals(conns.get(i).id(), back.conns().get(i).id());
                assertArrayEquals(conns.get(i).pending(), back.conns().get(i).pending());
            }
        }
    }

    @Test
    void aStateFromAnotherApplicationOrCutShortIsNamed() {
        IOException other = assertThrows(IOException.class, () -> Envelope.decode("total 5".getBytes()));
        assertTrue(other.getMessage().contains("without Gecko's state"), other.getMessage());
        byte[] whole = new Envelope(3, List.of(new Envelope.Conn(0, new byte[100])), new byte[10]).encode();
        byte[] cut = java.util.Arrays.copyOf(whole, 40);
        assertThrows(IOException.class, () -> Envelope.decode(cut));
    }

    static final class Known implements java.io.Serializable {
        int n = 41;
    }

    @Test
    void javaSerializationKeepsTheStateAndRefusesWhatItCannotRead() throws Exception {
        StateCodec<Known> codec = StateCodec.javaSerialization();
        Known k = new Known();
        k.n = 42;
        assertEquals(42, codec.decode(codec.encode(k)).n);
        StateCodec<java.util.ArrayList<Object>> deep = StateCodec.javaSerialization();
        java.util.ArrayList<Object> nest = new java.util.ArrayList<>();
        java.util.ArrayList<Object> cur = nest;
        for (int i = 0; i < 500; i++) {
            java.util.ArrayList<Object> next = new java.util.ArrayList<>();
            cur.add(next);
            cur = next;
        }
        byte[] bytes = deep.encode(nest);
        assertThrows(InvalidClassException.class, () -> deep.decode(bytes), "deeper than the limit");
    }
}
