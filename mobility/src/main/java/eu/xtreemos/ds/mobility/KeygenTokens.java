package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keygen tokens (RFC 6275 §5.2.5): what a correspondent returns in HoT and CoT, and recomputes when a
 * Binding Update arrives, so that it keeps no per-mobile-node state before the binding exists.
 * <pre>
 *   home keygen token    = First(64, HMAC_SHA1(Kcn, home address    | nonce | 0))
 *   care-of keygen token = First(64, HMAC_SHA1(Kcn, care-of address | nonce | 1))
 * </pre>
 */
public final class KeygenTokens {
    private static final byte HOME = 0;
    private static final byte CARE_OF = 1;

    private KeygenTokens() {
    }

    public static long home(byte[] nodeKey, Inet6Address homeAddress, byte[] nonce) {
        return token(nodeKey, homeAddress, nonce, HOME);
    }

    public static long careOf(byte[] nodeKey, Inet6Address careOfAddress, byte[] nonce) {
        return token(nodeKey, careOfAddress, nonce, CARE_OF);
    }

    private static long token(byte[] nodeKey, Inet6Address address, byte[] nonce, byte which) {
        Mac mac = hmacSha1(nodeKey);
        mac.update(address.getAddress());
        mac.update(nonce);
        mac.update(which);
        return ByteBuffer.wrap(mac.doFinal()).getLong(); // First(64): the leading octets, big-endian
    }

    static Mac hmacSha1(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e); // every JDK has it
        }
    }
}
