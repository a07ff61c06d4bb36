package eu.xtreemos.ds.dsco.peer;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
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
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;


/**
 * A TCP connection between two cluster members (dsco daemons, the HA agent) that proves on both sides
 * that the other holds the cluster key, then carries length-delimited messages encrypted and
 * authenticated with AES-256-GCM.
 *
 * <p>Handshake: each side sends {@code DSPC | version | name | 32-byte nonce}. Both derive one key per
 * direction with HKDF-SHA256 (key = cluster key, salt = both nonces, info = both names and the
 * direction). Each then sends a first frame holding an HMAC of the transcript; only a holder of the
 * cluster key can produce a frame the other side decrypts, so both ends are authenticated and a
 * recorded session cannot be replayed (fresh nonces). Frame nonces are per-direction counters, so
 * frames cannot be reordered, dropped or repeated unnoticed. Wire format: docs/dsco-protocol.md.
 */
public final class SecureChannel implements Closeable {
    private static final int MAGIC = 0x44535043; // "DSPC"
    private static final int VERSION = 1;
    private static final int NONCE_LEN = 32;
    private static final int MAX_NAME = 64;
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
    /** One cipher per direction, made once (a lookup through the providers per message cost more than the crypto). */
    private final Cipher sealer;
    private final Cipher opener;

    private SecureChannel(Socket socket, DataInputStream in, DataOutputStream out, String peerName,
                          byte[] sendKey, byte[] receiveKey, int maxFrame) {
        this.socket = socket;
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

    /** Runs the handshake on a connected socket; fails with {@link PeerAuthException} if the peer lacks the key. */
    public static SecureChannel open(Socket socket, byte[] clusterKey, String ownName, boolean initiator, int maxFrame)
            throws IOException {
        return handshake(socket, new BufferedInputStream(socket.getInputStream(), 1 << 16),
                new BufferedOutputStream(socket.getOutputStream(), 1 << 16), String.valueOf(socket.getRemoteSocketAddress()),
                clusterKey, ownName, initiator, maxFrame);
    }

    /** The handshake over any pair of streams (the socket is null): for the fuzz tests. */
    static SecureChannel open(InputStream input, OutputStream output, byte[] clusterKey, String ownName,
                              boolean initiator, int maxFrame) throws IOException {
        return handshake(null, input, output, "(stream)", clusterKey, ownName, initiator, maxFrame);
    }

    /** A channel whose keys are given (no handshake): for the fuzz tests of frame opening. */
    static SecureChannel withKeys(InputStream input, OutputStream output, String peerName, byte[] sendKey,
                                  byte[] receiveKey, int maxFrame) {
        return new SecureChannel(null, new DataInputStream(input), new DataOutputStream(output), peerName,
                sendKey, receiveKey, maxFrame);
    }

    private static SecureChannel handshake(Socket socket, InputStream input, OutputStream output, String peerAddress,
                                           byte[] clusterKey, String ownName, boolean initiator, int maxFrame)
            throws IOException {
        DataInputStream in = new DataInputStream(input);
        DataOutputStream out = new DataOutputStream(output);
        byte[] ownNonce = new byte[NONCE_LEN];
        RANDOM.nextBytes(ownNonce);
        byte[] name = ownName.getBytes(StandardCharsets.UTF_8);
        out.writeInt(MAGIC);
        out.writeShort(VERSION);
        out.writeByte(name.length);
        out.write(name);
        out.write(ownNonce);
        out.flush();

        if (in.readInt() != MAGIC) {
            throw new PeerAuthException("peer " + peerAddress + " does not speak the dsco peer protocol");
        }
        int version = in.readUnsignedShort();
        if (version != VERSION) {
            throw new PeerAuthException("peer speaks peer-protocol version " + version + ", this node " + VERSION);
        }
        int nameLen = in.readUnsignedByte();
        if (nameLen == 0 || nameLen > MAX_NAME) {
            throw new PeerAuthException("peer name of " + nameLen + " bytes");
        }
        byte[] peer = in.readNBytes(nameLen);
        byte[] peerNonce = in.readNBytes(NONCE_LEN);
        if (peer.length != nameLen || peerNonce.length != NONCE_LEN) {
            throw new PeerAuthException("peer closed during the handshake");
        }
        String peerName = new String(peer, StandardCharsets.UTF_8);

        byte[] iName = initiator ? name : peer, rName = initiator ? peer : name;
        byte[] iNonce = initiator ? ownNonce : peerNonce, rNonce = initiator ? peerNonce : ownNonce;
        byte[] salt = concat(iNonce, rNonce);
        byte[] transcript = concat(iName, new byte[] {0}, rName);
        byte[] prk = hmac(salt, clusterKey);
        byte[] i2r = hmac(prk, concat(transcript, "initiator->responder".getBytes(StandardCharsets.US_ASCII), new byte[] {1}));
        byte[] r2i = hmac(prk, concat(transcript, "responder->initiator".getBytes(StandardCharsets.US_ASCII), new byte[] {1}));
        SecureChannel ch = new SecureChannel(socket, in, out, peerName, initiator ? i2r : r2i, initiator ? r2i : i2r, maxFrame);

        byte[] finished = hmac(prk, concat(salt, transcript));
        ch.send(finished);
        byte[] theirs;
        try {
            theirs = ch.receive(PROOF_LEN);
        } catch (PeerAuthException e) {
            throw new PeerAuthException("peer '" + peerName + "' at " + peerAddress + " does not hold the cluster key");
        }
        if (!MessageDigest.isEqual(theirs, finished)) {
            throw new PeerAuthException("peer '" + peerName + "' sent a wrong handshake proof");
        }
        return ch;
    }

    public String peerName() {
        return peerName;
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

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

}
