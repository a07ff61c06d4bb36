package eu.xtreemos.ds.mobility;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Kbm, the key that authenticates Binding Updates and Acknowledgements between a mobile node and one
 * correspondent (RFC 6275 §5.2.5): SHA1(home keygen token | care-of keygen token), or SHA1(home keygen
 * token) alone for a deregistration (the care-of address is then the home address, so there is no
 * care-of test). 20 octets.
 */
public final class BindingManagementKey {
    private final byte[] key;

    private BindingManagementKey(byte[] key) {
        this.key = key;
    }

    public static BindingManagementKey of(long homeKeygenToken, long careOfKeygenToken) {
        return new BindingManagementKey(sha1(ByteBuffer.allocate(16).putLong(homeKeygenToken)
                .putLong(careOfKeygenToken).array()));
    }

    public static BindingManagementKey forDeregistration(long homeKeygenToken) {
        return new BindingManagementKey(sha1(ByteBuffer.allocate(8).putLong(homeKeygenToken).array()));
    }

    /** A copy of the 20 key octets. */
    public byte[] bytes() {
        return key.clone();
    }

    private static byte[] sha1(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e); // every JDK has it
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BindingManagementKey k && MessageDigest.isEqual(key, k.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "Kbm[...]"; // a key is not for logs
    }
}
