package eu.xtreemos.ds.dsco.peer;

import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;

import static eu.xtreemos.ds.dsco.peer.SecureChannelTest.responder;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Handshake version 2 over real sockets: both ends derive the same keys, every link its own; a recording
 * cannot be opened with the cluster key alone; an old-version peer, an altered or reflected hello and a
 * peer without a common key are refused; a node in the middle of a key rotation talks to both sides.
 */
class ForwardSecrecyHandshakeTest {
    static final byte[] OLD = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] NEW = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    static final int FRAME = 1 << 20;
    static ScratchNamespace scratch;

    @BeforeAll
    static void ns() throws Exception {
        scratch = new ScratchNamespace("dsfs");
    }

    @AfterAll
    static void cleanup() throws Exception {
        scratch.close();
    }

    static Socket[] pair() throws Exception {
        return SecureChannelTest.pair(scratch);
    }

    static CompletableFuture<SecureChannel> respond(Socket s, ClusterKeys keys) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return SecureChannel.open(s, keys, "server1", false, FRAME);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** Links an initiator holding {@code mine} to a responder holding {@code theirs}; both ends, initiator first. */
    static SecureChannel[] link(ClusterKeys mine, ClusterKeys theirs) throws Exception {
        Socket[] p = pair();
        CompletableFuture<SecureChannel> r = respond(p[1], theirs);
        SecureChannel a = SecureChannel.open(p[0], mine, "contact", true, FRAME);
        return new SecureChannel[] {a, responder(r)};
    }

    /** The responder's failure, which must be a refusal (not a timeout). */
    static PeerAuthException refusal(CompletableFuture<SecureChannel> r) {
        Exception e = assertThrows(Exception.class, () -> responder(r));
        assertInstanceOf(ExecutionException.class, e, "the responder failed, it did not time out");
        return assertInstanceOf(PeerAuthException.class, e.getCause().getCause(), String.valueOf(e.getCause()));
    }

    @Test
    void bothEndsDeriveTheSameKeysAndEachLinkItsOwn() throws Exception {
        SecureChannel[] one = link(ClusterKeys.of(OLD), ClusterKeys.of(OLD));
        SecureChannel[] two = link(ClusterKeys.of(OLD), ClusterKeys.of(OLD));
        try {
            assertArrayEquals(one[0].sendKey(), one[1].receiveKey());
            assertArrayEquals(one[1].sendKey(), one[0].receiveKey());
            assertFalse(Arrays.equals(one[0].sendKey(), one[0].receiveKey()), "one key per direction");
            assertFalse(Arrays.equals(one[0].sendKey(), two[0].sendKey()), "the same cluster key, yet another link key");
            assertFalse(Arrays.equals(one[1].sendKey(), two[1].sendKey()));
            one[0].send("ping".getBytes());
            assertEquals("ping", new String(one[1].receive()));
        } finally {
            for (SecureChannel c : List.of(one[0], one[1], two[0], two[1])) {
                c.close();
            }
        }
    }

    /**
     * An eavesdropper records every byte of a session and later steals the cluster key: the hellos, nonces and
     * the key give it every input of the key derivation but the X25519 secret, and no guess opens a frame. The
     * control shows the recording is complete: whoever kept the initiator's ephemeral private key opens it.
     */
    @Test
    void aRecordedSessionCannotBeDecryptedWithTheClusterKeyAlone() throws Exception {
        Socket[] p = pair();
        ByteArrayOutputStream toResponder = new ByteArrayOutputStream(), toInitiator = new ByteArrayOutputStream();
        CompletableFuture<SecureChannel> r = respond(tap(p[1], toInitiator), ClusterKeys.of(OLD));
        X25519Exchange kept = X25519Exchange.generate();
        try (SecureChannel a = SecureChannel.open(tap(p[0], toResponder), ClusterKeys.of(OLD), "contact", true, FRAME, kept);
             SecureChannel b = responder(r)) {
            a.send("commit handoff 42 for client fd00::c1".getBytes());
            assertEquals("commit handoff 42 for client fd00::c1", new String(b.receive()));
            b.send("committed".getBytes());
            a.receive();
        }
        // What the eavesdropper has: every byte both ends sent.
        Recording rec = Recording.parse(toResponder.toByteArray(), toInitiator.toByteArray());
        byte[] transcript = SessionKeys.transcript(rec.initiatorHello.encode(), rec.responderHello.encode());
        byte[] dataFrame = rec.frames.get(1); // frame 0 is the finished proof

        List<byte[]> guesses = new ArrayList<>();
        guesses.add(new byte[32]); // no X25519 contribution at all
        guesses.add(rec.initiatorHello.ephemeral()); // the public values themselves
        guesses.add(rec.responderHello.ephemeral());
        X25519Exchange attacker = X25519Exchange.generate(); // an agreement of its own with either public key
        guesses.add(attacker.agree(rec.initiatorHello.ephemeral()));
        guesses.add(attacker.agree(rec.responderHello.ephemeral()));
        for (byte[] guess : guesses) {
            byte[] key = SessionKeys.derive(transcript, guess, OLD).initiatorToResponder();
            assertThrows(AEADBadTagException.class, () -> open(key, 1, dataFrame), "a guess opened the recording");
        }
        // The version-1 derivation (cluster key and nonces only) opens nothing either.
        byte[] v1Key = HmacSha256.of(HmacSha256.of(concat(rec.initiatorHello.nonce(), rec.responderHello.nonce()), OLD),
                concat("contact".getBytes(), new byte[] {0}, "server1".getBytes(), "initiator->responder".getBytes(), new byte[] {1}));
        assertThrows(AEADBadTagException.class, () -> open(v1Key, 1, dataFrame));

        byte[] secret = kept.agree(rec.responderHello.ephemeral());
        byte[] key = SessionKeys.derive(transcript, secret, OLD).initiatorToResponder();
        assertEquals("commit handoff 42 for client fd00::c1", new String(open(key, 1, dataFrame)),
                "control: with the ephemeral secret the recording opens");
    }

    @Test
    void aPeerWithAnotherKeyIsRefusedOnBothSidesNamingTheKeyIds() throws Exception {
        Socket[] p = pair();
        CompletableFuture<SecureChannel> r = respond(p[1], ClusterKeys.of(NEW));
        PeerAuthException e = assertThrows(PeerAuthException.class,
                () -> SecureChannel.open(p[0], ClusterKeys.of(OLD), "contact", true, FRAME));
        assertTrue(e.getMessage().contains("no cluster key in common"), e.getMessage());
        assertTrue(e.getMessage().contains(ClusterKeys.describe(ClusterKeys.of(OLD).ids())), e.getMessage());
        assertTrue(refusal(r).getMessage().contains("no cluster key in common"));
        p[0].close();
    }

    @Test
    void aPeerSpeakingTheOldHandshakeIsRefusedNamingTheVersion() throws Exception {
        Socket[] p = pair();
        CompletableFuture<SecureChannel> r = respond(p[1], ClusterKeys.of(OLD));
        // A version-1 hello: magic, version 1, name, nonce; nothing about X25519.
        ByteBuffer v1 = ByteBuffer.allocate(4 + 2 + 1 + 7 + 32).putInt(0x44535043).putShort((short) 1).put((byte) 7)
                .put("contact".getBytes()).put(new byte[32]);
        p[0].getOutputStream().write(v1.array());
        p[0].getOutputStream().flush();
        String why = refusal(r).getMessage();
        assertTrue(why.contains("version 1") && why.contains("version 2"), why);
        // and the initiator's side: a version-1 responder answers
        Socket[] q = pair();
        q[1].getOutputStream().write(v1.array());
        q[1].getOutputStream().flush();
        PeerAuthException e = assertThrows(PeerAuthException.class,
                () -> SecureChannel.open(q[0], ClusterKeys.of(OLD), "server2", true, FRAME));
        assertTrue(e.getMessage().contains("version 1"), e.getMessage());
        for (Socket s : List.of(p[0], p[1], q[0], q[1])) {
            s.close();
        }
    }

    /** A relay flips one bit of the responder's nonce: both ends now hash another transcript and refuse. */
    @Test
    void anAlteredHelloIsRefusedOnBothSides() throws Exception {
        assertRefusedThroughRelay(ClusterKeys.of(OLD), ClusterKeys.of(OLD), hello -> {
            byte[] h = hello.clone();
            h[4 + 2 + 1 + 7 + 3] ^= 1; // a nonce byte of "server1"'s hello
            return h;
        }, UnaryOperator.identity());
    }

    /**
     * Both ends hold {new, old}; a relay holding the old key strips the new key's id from the initiator's hello,
     * so that the link would fall back to the old key: the transcripts differ, and both refuse.
     */
    @Test
    void aDowngradeToTheOlderKeyIsRefused() throws Exception {
        ClusterKeys both = ClusterKeys.of(NEW, OLD);
        assertRefusedThroughRelay(both, both, UnaryOperator.identity(), hello -> {
            int ids = 4 + 2 + 1 + 7 + 32 + 32; // "contact"'s hello: the key count, then the ids
            ByteBuffer b = ByteBuffer.allocate(hello.length - ClusterKeys.ID_LEN);
            b.put(hello, 0, ids).put((byte) 1).put(hello, ids + 1 + ClusterKeys.ID_LEN, ClusterKeys.ID_LEN);
            return b.array();
        });
    }

    @Test
    void aHelloReflectedToItsSenderIsRefused() throws Exception {
        Socket[] p = pair();
        CompletableFuture<Void> mirror = CompletableFuture.runAsync(() -> {
            try {
                p[1].getInputStream().transferTo(p[1].getOutputStream());
            } catch (IOException e) {
                // the initiator closed
            }
        });
        PeerAuthException e = assertThrows(PeerAuthException.class,
                () -> SecureChannel.open(p[0], ClusterKeys.of(OLD), "contact", true, FRAME));
        assertTrue(e.getMessage().contains("reflection"), e.getMessage());
        p[0].close();
        p[1].close();
        mirror.join();
    }

    @Test
    void duringARotationANodeWithBothKeysTalksToEitherSideAndPrefersTheNewKey() throws Exception {
        ClusterKeys both = ClusterKeys.of(NEW, OLD), oldOnly = ClusterKeys.of(OLD), newOnly = ClusterKeys.of(NEW);
        String oldId = ClusterKeys.describe(List.of(oldOnly.ids().get(0))), newId = ClusterKeys.describe(List.of(newOnly.ids().get(0)));
        for (ClusterKeys[] ends : new ClusterKeys[][] {{both, oldOnly}, {oldOnly, both}, {both, newOnly}, {newOnly, both}, {both, both}}) {
            SecureChannel[] l = link(ends[0], ends[1]);
            try (SecureChannel a = l[0]; SecureChannel b = l[1]) {
                String expected = ends[0] == oldOnly || ends[1] == oldOnly ? oldId : newId;
                assertEquals(expected, a.clusterKeyId(), ends[0] + " -> " + ends[1]);
                assertEquals(expected, b.clusterKeyId());
                a.send("handoff".getBytes());
                assertEquals("handoff", new String(b.receive()));
            }
        }
        for (ClusterKeys[] ends : new ClusterKeys[][] {{newOnly, oldOnly}, {oldOnly, newOnly}}) {
            Socket[] p = pair();
            CompletableFuture<SecureChannel> r = respond(p[1], ends[1]);
            PeerAuthException e = assertThrows(PeerAuthException.class, () -> SecureChannel.open(p[0], ends[0], "contact", true, FRAME));
            assertTrue(e.getMessage().contains("no cluster key in common"), e.getMessage());
            refusal(r);
            p[0].close();
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Runs a handshake through a relay that rewrites the responder's hello (on its way to the initiator) and the
     * initiator's hello (on its way to the responder); both ends must refuse.
     */
    private static void assertRefusedThroughRelay(ClusterKeys initiatorKeys, ClusterKeys responderKeys,
                                                  UnaryOperator<byte[]> responderHello, UnaryOperator<byte[]> initiatorHello)
            throws Exception {
        Socket[] toInitiator = pair(), toResponder = pair();
        CompletableFuture<SecureChannel> r = respond(toResponder[1], responderKeys);
        int initiatorHelloLen = helloLength("contact", initiatorKeys), responderHelloLen = helloLength("server1", responderKeys);
        CompletableFuture<Void> up = relay(toInitiator[1], toResponder[0], initiatorHelloLen, initiatorHello);
        CompletableFuture<Void> down = relay(toResponder[0], toInitiator[1], responderHelloLen, responderHello);
        PeerAuthException e = assertThrows(PeerAuthException.class,
                () -> SecureChannel.open(toInitiator[0], initiatorKeys, "contact", true, FRAME));
        assertTrue(e.getMessage().contains("handshake was altered"), e.getMessage());
        assertTrue(refusal(r).getMessage().contains("handshake was altered"));
        for (Socket s : List.of(toInitiator[0], toInitiator[1], toResponder[0], toResponder[1])) {
            s.close();
        }
        up.join();
        down.join();
    }

    private static int helloLength(String name, ClusterKeys keys) {
        return 4 + 2 + 1 + name.length() + 32 + 32 + 1 + keys.ids().size() * ClusterKeys.ID_LEN;
    }

    /** Copies {@code from} to {@code to}, the first {@code helloLen} bytes rewritten. */
    private static CompletableFuture<Void> relay(Socket from, Socket to, int helloLen, UnaryOperator<byte[]> rewrite) {
        return CompletableFuture.runAsync(() -> {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                out.write(rewrite.apply(in.readNBytes(helloLen)));
                out.flush();
                in.transferTo(out);
            } catch (IOException e) {
                // an end closed: the handshake is over
            }
        });
    }

    /** A socket whose output is copied into {@code recording}. */
    private static Socket tap(Socket s, ByteArrayOutputStream recording) {
        return new Socket() {
            @Override
            public InputStream getInputStream() throws IOException {
                return s.getInputStream();
            }

            @Override
            public OutputStream getOutputStream() throws IOException {
                OutputStream real = s.getOutputStream();
                return new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        recording.write(b);
                        real.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        recording.write(b, off, len);
                        real.write(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        real.flush();
                    }
                };
            }

            @Override
            public synchronized void close() throws IOException {
                s.close();
            }
        };
    }

    /** A recorded session: both hellos, and the initiator's frames (length-prefixed, sealed). */
    private record Recording(PeerHello initiatorHello, PeerHello responderHello, List<byte[]> frames) {
        static Recording parse(byte[] initiatorBytes, byte[] responderBytes) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(initiatorBytes));
            PeerHello hello = PeerHello.read(in, "recording");
            PeerHello theirs = PeerHello.read(new DataInputStream(new ByteArrayInputStream(responderBytes)), "recording");
            List<byte[]> frames = new ArrayList<>();
            while (in.available() > 0) {
                frames.add(in.readNBytes(in.readInt()));
            }
            return new Recording(hello, theirs, frames);
        }
    }

    /** Opens a recorded frame as a receiver would: AES-GCM, counter nonce, the frame length as associated data. */
    private static byte[] open(byte[] key, long counter, byte[] sealed) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(128, ByteBuffer.allocate(12).putInt(0).putLong(counter).array()));
        c.updateAAD(ByteBuffer.allocate(4).putInt(sealed.length).array());
        return c.doFinal(sealed);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
