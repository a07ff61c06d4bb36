package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;

/**
 * The authenticator of the Binding Authorization Data option under return routability (RFC 6275
 * §5.2.6, §6.2.7):
 * <pre>
 *   Mobility Data = care-of address | correspondent | MH Data
 *   Authenticator = First(96, HMAC_SHA1(Kbm, Mobility Data))
 * </pre>
 * MH Data is the Mobility Header as sent, with the Checksum field taken as zero and without the
 * authenticator octets themselves (the option's type and length octets are included). The
 * "correspondent" is the correspondent node's address, for Binding Updates and Acknowledgements alike.
 */
public final class BindingAuthenticator {
    public static final int LENGTH = BindingAuthorizationData.RR_AUTHENTICATOR_LENGTH;

    private BindingAuthenticator() {
    }

    /**
     * The authenticator for a Mobility Header whose authenticator field is
     * {@code mh[offset, offset + LENGTH)}.
     */
    public static byte[] compute(BindingManagementKey kbm, Inet6Address careOfAddress, Inet6Address correspondent,
                                 byte[] mh, int offset) {
        if (offset < MhChecksum.OFFSET + 2 || offset + LENGTH > mh.length) {
            throw new IllegalArgumentException("authenticator at " + offset + " is not inside " + mh.length + " octets");
        }
        byte[] data = mh.clone();
        data[MhChecksum.OFFSET] = 0;
        data[MhChecksum.OFFSET + 1] = 0;
        Mac mac = KeygenTokens.hmacSha1(kbm.bytes());
        mac.update(careOfAddress.getAddress());
        mac.update(correspondent.getAddress());
        mac.update(data, 0, offset);
        mac.update(data, offset + LENGTH, data.length - offset - LENGTH); // nothing, when the option is last
        return Arrays.copyOf(mac.doFinal(), LENGTH);
    }

    /** The update with a Binding Authorization Data option (last) holding its authenticator. */
    public static BindingUpdate sign(BindingUpdate bu, BindingManagementKey kbm, Inet6Address careOfAddress,
                                     Inet6Address correspondent) {
        byte[] placeholder = MobilityHeaderEncoder.encode(bu.withAuthorization(BindingAuthorizationData.zeroed()));
        byte[] auth = compute(kbm, careOfAddress, correspondent, placeholder, placeholder.length - LENGTH);
        return bu.withAuthorization(new BindingAuthorizationData(auth));
    }

    /** The acknowledgement with its authenticator (the correspondent signs with the same Kbm). */
    public static BindingAcknowledgement sign(BindingAcknowledgement ba, BindingManagementKey kbm,
                                              Inet6Address careOfAddress, Inet6Address correspondent) {
        byte[] placeholder = MobilityHeaderEncoder.encode(ba.withAuthorization(BindingAuthorizationData.zeroed()));
        byte[] auth = compute(kbm, careOfAddress, correspondent, placeholder, placeholder.length - LENGTH);
        return ba.withAuthorization(new BindingAuthorizationData(auth));
    }

    /**
     * Whether a received message carries the right authenticator: it must have a Binding Authorization
     * Data option of the return-routability length, checked over the octets as received.
     */
    public static boolean verify(DecodeResult.Decoded received, BindingManagementKey kbm, Inet6Address careOfAddress,
                                 Inet6Address correspondent) {
        BindingAuthorizationData bad = received.message().option(BindingAuthorizationData.class);
        if (bad == null || bad.authenticator().length != LENGTH) {
            return false;
        }
        byte[] expected = compute(kbm, careOfAddress, correspondent, received.wire(), received.authenticatorOffset());
        return MessageDigest.isEqual(expected, bad.authenticator()); // constant time: no timing oracle
    }
}
