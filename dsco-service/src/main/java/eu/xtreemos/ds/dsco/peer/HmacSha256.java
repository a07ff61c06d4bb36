package eu.xtreemos.ds.dsco.peer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/** HMAC-SHA256, the one keyed hash of the cluster link and the membership token. */
public final class HmacSha256 {
    private HmacSha256() {
    }

    public static byte[] of(byte[] key, byte[]... data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] d : data) {
                m.update(d);
            }
            return m.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
