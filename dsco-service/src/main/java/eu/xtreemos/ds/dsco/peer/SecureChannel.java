package eu.xtreemos.ds.dsco.peer;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;


/**
 * A TCP connection between two cluster members (dsco daemons, the HA agent) that proves on both sides
 * that the other holds the cluster key, then carries length-delimited messages encrypted and
 * authenticated with AES-256-GCM.
 *
 * <p>Handshake (version 2): each side sends a {@link PeerHello} with a fresh nonce and a fresh X25519 public
 * key. Both pick the cluster key (the first of the initiator's that the responder holds, see {@link ClusterKeys})
 * and derive the session keys with HKDF-SHA256 from the X25519 secret and that cluster key, salted with the hash
 * of both hellos in role order. The cluster key authenticates: only its holder can produce the finished frame
 * the other side expects. The X25519 secret gives forward secrecy: it is forgotten after the handshake, so a
 * recording of the session cannot be opened later even with the cluster key. The transcript hash binds both
 * ephemeral keys, nonces, names, offered key ids and roles, so an altered hello, a downgrade to an older key or
 * a reflected hello fails the finished check. Frame nonces are per-direction counters, so frames cannot be
 * reordered, dropped or repeated unnoticed. Wire format: docs/dsco-protocol.md.
 */
public final class SecureChannel implements Closeable {
    private static final int TAG_LEN = 16;
    private static final int SEAL_SLICE = 64 << 10;
    /** The handshake proof is one HMAC-SHA256: nothing longer is read before the peer is authenticated. */
    private static final int PROOF_LEN = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket; // null for a channel over plain streams (fuzz tests)
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String peerName;
    private final SecretKeySpec sendKey;
    private final SecretKeySpec receiveKey;
    private final int maxFrame;
    private long sendCounter;
    private long receiveCounter;
    private final byte[] keyId; // the id of the cluster key that authenticated this link (null: keys given)
    /** One cipher per direction, made once (a lookup through the providers per message cost more than the crypto). */
    private final Cipher sealer;
    private final Cipher opener;

    private SecureChannel(Socket socket, DataInputStream in, DataOutputStream out, String peerName,
                          byte[] keyId, byte[] sendKey, byte[] receiveKey, int maxFrame) {
        this.socket = socket;
        this.keyId = keyId;
        this.in = in;
        this.out = out;
        this.peerName = peerName;
        this.sendKey = new SecretKeySpec(sendKey, "AES");
        this.receiveKey = new SecretKeySpec(receiveKey, "AES");
        this.maxFrame = maxFrame;
        try {
            this.sealer = Cipher.getInstance("AES/GCM/NoPadding");
            this.opener = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM unavailable", e);
        }
    }

    /** Runs the handshake with one cluster key; fails with {@link PeerAuthException} if the peer lacks it. */
    public static SecureChannel open(Socket socket, byte[] clusterKey, String ownName, boolean initiator, int maxFrame)
            throws IOException {
        return open(socket, ClusterKeys.of(clusterKey), ownName, initiator, maxFrame);
    }

    /** Runs the handshake on a connected socket; fails with {@link PeerAuthException} if the peer holds none of the keys. */
    public static SecureChannel open(Socket socket, ClusterKeys keys, String ownName, boolean initiator, int maxFrame)
            throws IOException {
        return open(socket, keys, ownName, initiator, maxFrame, X25519Exchange.generate());
    }

    /** With a given ephemeral key: for the test that shows what a recording needs besides the cluster key. */
    static SecureChannel open(Socket socket, ClusterKeys keys, String ownName, boolean initiator, int maxFrame,
                              X25519Exchange ephemeral) throws IOException {
        return handshake(socket, new BufferedInputStream(socket.getInputStream(), 1 << 16),
                new BufferedOutputStream(socket.getOutputStream(), 1 << 16), String.valueOf(socket.getRemoteSocketAddress()),
                keys, ownName, initiator, maxFrame, ephemeral);
    }

    /** The handshake over any pair of streams (the socket is null): for the fuzz tests. */
    static SecureChannel open(InputStream input, OutputStream output, byte[] clusterKey, String ownName,
                              boolean initiator, int maxFrame) throws IOException {
        return handshake(null, input, output, "(stream)", ClusterKeys.of(clusterKey), ownName, initiator, maxFrame,
                X25519Exchange.generate());
    }

    /** A channel whose keys are given (no handshake): for the fuzz tests of frame opening. */
    static SecureChannel withKeys(InputStream input, OutputStream output, String peerName, byte[] sendKey,
                                  byte[] receiveKey, int maxFrame) {
        return new SecureChannel(null, new DataInputStream(input), new DataOutputStream(output), peerName,
                null, sendKey, receiveKey, maxFrame);
    }

    private static SecureChannel handshake(Socket socket, InputStream input, OutputStream output, String peerAddress,
                                           ClusterKeys keys, String ownName, boolean initiator, int maxFrame,
                                           X25519Exchange ephemeral) throws IOException {
        DataInputStream in = new DataInputStream(input);
        DataOutputStream out = new DataOutputStream(output);
        byte[] nonce = new byte[PeerHello.NONCE_LEN];
        RANDOM.nextBytes(nonce);
        PeerHello own = new PeerHello(ownName, nonce, ephemeral.publicKey(), keys.ids());
        byte[] ownBytes = own.encode();
        out.write(ownBytes);
        out.flush();

        PeerHello peer = PeerHello.read(in, peerAddress);
        String who = "peer '" + peer.name() + "' at " + peerAddress;
        if (MessageDigest.isEqual(peer.ephemeral(), own.ephemeral()) || MessageDigest.isEqual(peer.nonce(), own.nonce())) {
            throw new PeerAuthException(who + " sent this node's own hello back (a reflection)");
        }
        PeerHello initiatorHello = initiator ? own : peer, responderHello = initiator ? peer : own;
        byte[] keyId = commonKey(initiatorHello.keyIds(), responderHello.keyIds());
        if (keyId == null) {
            throw new PeerAuthException(who + " holds no cluster key in common with this node (this node holds key ids "
                    + ClusterKeys.describe(keys.ids()) + ", the peer " + ClusterKeys.describe(peer.keyIds()) + ")");
        }
        byte[] clusterKey = keys.byId(keyId);
        byte[] shared = ephemeral.agree(peer.ephemeral());

        SessionKeys k = SessionKeys.derive(SessionKeys.transcript(initiator ? ownBytes : peer.encode(), initiator ? peer.encode() : ownBytes),
                shared, clusterKey);
        SecureChannel ch = new SecureChannel(socket, in, out, peer.name(), keyId,
                initiator ? k.initiatorToResponder() : k.responderToInitiator(),
                initiator ? k.responderToInitiator() : k.initiatorToResponder(), maxFrame);

        ch.send(initiator ? k.initiatorFinished() : k.responderFinished());
        byte[] theirs;
        try {
            theirs = ch.receive(PROOF_LEN);
        } catch (PeerAuthException e) {
            throw new PeerAuthException(who + " does not hold the cluster key (key id "
                    + ClusterKeys.describe(List.of(keyId)) + ") or the handshake was altered on the way");
        }
        if (!MessageDigest.isEqual(theirs, initiator ? k.responderFinished() : k.initiatorFinished())) {
            throw new PeerAuthException(who + " sent a wrong handshake proof");
        }
        return ch;
    }

    /** The first key id of the initiator's list (newest first) that the responder holds too; null if none. */
    private static byte[] commonKey(List<byte[]> initiatorIds, List<byte[]> responderIds) {
        for (byte[] id : initiatorIds) {
            for (byte[] other : responderIds) {
                if (MessageDigest.isEqual(id, other)) {
                    return id;
                }
            }
        }
        return null;
    }

    public String peerName() {
        return peerName;
    }

    /** The id of the cluster key this link was authenticated with (hex, as in the log lines). */
    public String clusterKeyId() {
        return ClusterKeys.describe(List.of(keyId));
    }

    /** This side's sending key: for the tests that compare the two ends and two links. */
    byte[] sendKey() {
        return sendKey.getEncoded();
    }

    byte[] receiveKey() {
        return receiveKey.getEncoded();
    }

    public Socket socket() {
        return socket;
    }

    public synchronized void send(byte[] message) throws IOException {
        if (message.length > maxFrame) {
            throw new IOException("message of " + message.length + " bytes exceeds the frame limit " + maxFrame);
        }
        // Sealed and written a slice at a time: no second copy of a message that may be megabytes.
        try {
            Cipher c = sealer;
            c.init(Cipher.ENCRYPT_MODE, sendKey, new GCMParameterSpec(128, nonce(sendCounter++)));
            c.updateAAD(ByteBuffer.allocate(4).putInt(message.length + TAG_LEN).array());
            out.writeInt(message.length + TAG_LEN);
            for (int off = 0; off < message.length; off += SEAL_SLICE) {
                byte[] sealed = c.update(message, off, Math.min(SEAL_SLICE, message.length - off));
                if (sealed != null) {
                    out.write(sealed);
                }
            }
            out.write(c.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IOException("encryption failed", e);
        }
        out.flush();
    }

    /** The next message; {@link PeerAuthException} if it was forged, altered, replayed or reordered. */
    public byte[] receive() throws IOException {
        return receive(maxFrame);
    }

    /**
     * Reads a frame of at most {@code limit} bytes of message. The buffer grows with the bytes that
     * arrive, not with the length the frame announces, so a peer that announces a large frame and sends
     * nothing costs no memory.
     */
    private byte[] receive(int limit) throws IOException {
        int len = in.readInt();
        if (len < TAG_LEN || len > limit + TAG_LEN) {
            throw new PeerAuthException("frame of " + len + " bytes (limit " + (limit + TAG_LEN) + ")");
        }
        byte[] sealed = in.readNBytes(len);
        if (sealed.length != len) {
            throw new EOFException("frame of " + len + " bytes cut short after " + sealed.length);
        }
        try {
            Cipher c = opener; // receive() is called by one thread at a time (one reader per link)
            c.init(Cipher.DECRYPT_MODE, receiveKey, new GCMParameterSpec(128, nonce(receiveCounter++)));
            c.updateAAD(ByteBuffer.allocate(4).putInt(len).array());
            return c.doFinal(sealed);
        } catch (AEADBadTagException e) {
            throw new PeerAuthException("a message from '" + peerName + "' failed authentication (forged, altered or replayed)");
        } catch (GeneralSecurityException e) {
            throw new IOException("decryption failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        } else {
            in.close();
            out.close();
        }
    }

    private static byte[] nonce(long counter) {
        return ByteBuffer.allocate(12).putInt(0).putLong(counter).array();
    }
}
