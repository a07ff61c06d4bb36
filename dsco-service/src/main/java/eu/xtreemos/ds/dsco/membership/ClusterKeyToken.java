package eu.xtreemos.ds.dsco.membership;

import org.jgroups.Message;
import org.jgroups.auth.AuthToken;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JGroups AUTH token: a node may join the membership group only if it derives the same value from the
 * cluster key (HMAC-SHA256 of a fixed label). The value is static, so it keeps out nodes without the key,
 * not an eavesdropper on the nodes' network; nothing is decided on membership alone — every action a view
 * change triggers goes over the authenticated cluster links.
 */
public final class ClusterKeyToken extends AuthToken {
    private byte[] proof = new byte[0];

    /** For JGroups, which creates received tokens reflectively. */
    public ClusterKeyToken() {
    }

    ClusterKeyToken(byte[] clusterKey) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(clusterKey, "HmacSHA256"));
            proof = m.doFinal("dsco membership v1".getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String getName() {
        return getClass().getName();
    }

    @Override
    public int size() {
        return 2 + proof.length;
    }

    @Override
    public boolean authenticate(AuthToken token, Message msg) {
        return token instanceof ClusterKeyToken other && proof.length > 0 && MessageDigest.isEqual(proof, other.proof);
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeShort(proof.length);
        out.write(proof);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        int n = in.readUnsignedShort();
        if (n > 64) {
            throw new IOException("membership token of " + n + " bytes");
        }
        proof = new byte[n];
        in.readFully(proof);
    }
}
