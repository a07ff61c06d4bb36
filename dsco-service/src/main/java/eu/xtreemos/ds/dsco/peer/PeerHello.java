package eu.xtreemos.ds.dsco.peer;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The first message of each side of a cluster link (docs/dsco-protocol.md, "Cluster link"):
 * {@code DSPC | version | name | nonce | ephemeral X25519 public key | ids of the cluster keys held}.
 * Its bytes, as sent, are part of the transcript both sides hash into the session keys.
 */
record PeerHello(String name, byte[] nonce, byte[] ephemeral, List<byte[]> keyIds) {
    static final int MAGIC = 0x44535043; // "DSPC"
    /** 1: cluster key only. 2: ephemeral X25519 mixed in, transcript bound, key ids for rotation. */
    static final int VERSION = 2;
    static final int NONCE_LEN = 32;
    static final int MAX_NAME = 64;

    byte[] encode() {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 2 + 1 + n.length + NONCE_LEN + X25519Exchange.PUBLIC_LEN + 1
                + keyIds.size() * ClusterKeys.ID_LEN);
        b.putInt(MAGIC).putShort((short) VERSION).put((byte) n.length).put(n).put(nonce).put(ephemeral).put((byte) keyIds.size());
        keyIds.forEach(b::put);
        return b.array();
    }

    /**
     * Reads the peer's hello. A peer of another protocol version is refused at once, naming both versions:
     * there is no fallback to an older handshake, which would give up forward secrecy.
     */
    static PeerHello read(DataInputStream in, String peerAddress) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new PeerAuthException("peer " + peerAddress + " does not speak the dsco peer protocol");
        }
        int version = in.readUnsignedShort();
        if (version != VERSION) {
            throw new PeerAuthException("peer " + peerAddress + " speaks peer-protocol version " + version + ", this node version "
                    + VERSION + " (no fallback: every node and the HA agent must run the same protocol version)");
        }
        int nameLen = in.readUnsignedByte();
        if (nameLen == 0 || nameLen > MAX_NAME) {
            throw new PeerAuthException("peer name of " + nameLen + " bytes");
        }
        String name = new String(exactly(in, nameLen), StandardCharsets.UTF_8);
        byte[] nonce = exactly(in, NONCE_LEN);
        byte[] ephemeral = exactly(in, X25519Exchange.PUBLIC_LEN);
        int count = in.readUnsignedByte();
        if (count == 0 || count > ClusterKeys.MAX) {
            throw new PeerAuthException("peer '" + name + "' offers " + count + " cluster keys (1 to " + ClusterKeys.MAX + ")");
        }
        List<byte[]> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(exactly(in, ClusterKeys.ID_LEN));
        }
        return new PeerHello(name, nonce, ephemeral, List.copyOf(ids));
    }

    private static byte[] exactly(DataInputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new PeerAuthException("peer closed during the handshake");
        }
        return b;
    }
}
