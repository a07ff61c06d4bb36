package eu.xtreemos.ds.dsco.membership;

import eu.xtreemos.ds.dsco.peer.ClusterKeys;
import eu.xtreemos.ds.dsco.peer.HmacSha256;
import org.jgroups.Message;
import org.jgroups.auth.AuthToken;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * JGroups AUTH token: a node may join the membership group only if it derives the same value from a
 * cluster key it holds (HMAC-SHA256 of a fixed label). During a key rotation a node carries one proof per key
 * it holds (current first) and accepts a joiner that shares any of them, as the cluster links do. The value is
 * static, so it keeps out nodes without a key, not an eavesdropper on the nodes' network; nothing is decided on
 * membership alone — every action a view change triggers goes over the authenticated cluster links.
 *
 * <p>Wire: a 16-bit length, then the proofs back to back (32 bytes each). With one key this is the format of
 * the tokens before rotation existed.
 */
public final class ClusterKeyToken extends AuthToken {
    private static final int PROOF_LEN = 32;
    private List<byte[]> proofs = List.of();

    /** For JGroups, which creates received tokens reflectively. */
    public ClusterKeyToken() {
    }

    ClusterKeyToken(ClusterKeys keys) {
        List<byte[]> p = new ArrayList<>();
        for (byte[] key : keys.keys()) {
            p.add(HmacSha256.of(key, "dsco membership v1".getBytes(StandardCharsets.US_ASCII)));
        }
        proofs = List.copyOf(p);
    }

    @Override
    public String getName() {
        return getClass().getName();
    }

    @Override
    public int size() {
        return 2 + proofs.size() * PROOF_LEN;
    }

    @Override
    public boolean authenticate(AuthToken token, Message msg) {
        if (!(token instanceof ClusterKeyToken other)) {
            return false;
        }
        for (byte[] mine : proofs) {
            for (byte[] theirs : other.proofs) {
                if (MessageDigest.isEqual(mine, theirs)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeShort(proofs.size() * PROOF_LEN);
        for (byte[] p : proofs) {
            out.write(p);
        }
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        int n = in.readUnsignedShort();
        if (n % PROOF_LEN != 0 || n / PROOF_LEN > ClusterKeys.MAX) {
            throw new IOException("membership token of " + n + " bytes (1 to " + ClusterKeys.MAX + " proofs of " + PROOF_LEN + ")");
        }
        List<byte[]> p = new ArrayList<>();
        for (int i = 0; i < n / PROOF_LEN; i++) {
            byte[] proof = new byte[PROOF_LEN];
            in.readFully(proof);
            p.add(proof);
        }
        proofs = List.copyOf(p);
    }
}
