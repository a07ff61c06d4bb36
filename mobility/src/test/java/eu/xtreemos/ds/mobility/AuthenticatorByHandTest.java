package eu.xtreemos.ds.mobility;

import static eu.xtreemos.ds.mobility.Addresses.CARE_OF;
import static eu.xtreemos.ds.mobility.Addresses.CORRESPONDENT;
import static eu.xtreemos.ds.mobility.Addresses.HOME;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The return routability formulas of RFC 6275 §5.2.5 and §5.2.6 done by hand with javax.crypto for a
 * fixed node key, nonces and addresses, against the library.
 */
class AuthenticatorByHandTest {
    private static final byte[] KCN = Hex.bytes("0102030405060708090a0b0c0d0e0f1011121314");
    private static final byte[] HOME_NONCE = Hex.bytes("a1a2a3a4a5a6a7a8");
    private static final byte[] CARE_OF_NONCE = Hex.bytes("b1b2b3b4b5b6b7b8");

    /** The Binding Update of RfcVectorsTest with the authenticator and checksum fields zero. */
    private static final String BU_UNSIGNED = "3b 06 05 00  0000 | 002a | 8000 | 0040 | 01 00"
            + "| 03 10 fd0000d500ed0000000000000000 0002 | 04 04 0007 0009 | 01 02 0000 | 05 0c";
    private static final int AUTH_OFFSET = 44; // the option starts at 42 (8n+2), its data 2 octets later

    private static byte[] hmacSha1(byte[] key, byte[]... parts) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key, "HmacSHA1"));
        for (byte[] p : parts) {
            mac.update(p);
        }
        return mac.doFinal();
    }

    private static long first64(byte[] b) {
        return ByteBuffer.wrap(b).getLong();
    }

    @Test
    void keygenTokensKbmAndAuthenticator() throws Exception {
        // home keygen token = First(64, HMAC_SHA1(Kcn, home address | nonce | 0)); care-of: ... | 1
        long homeToken = first64(hmacSha1(KCN, HOME.getAddress(), HOME_NONCE, new byte[] {0}));
        long careOfToken = first64(hmacSha1(KCN, CARE_OF.getAddress(), CARE_OF_NONCE, new byte[] {1}));
        assertEquals(homeToken, KeygenTokens.home(KCN, HOME, HOME_NONCE));
        assertEquals(careOfToken, KeygenTokens.careOf(KCN, CARE_OF, CARE_OF_NONCE));

        // Kbm = SHA1(home keygen token | care-of keygen token)
        byte[] kbm = MessageDigest.getInstance("SHA-1").digest(
                ByteBuffer.allocate(16).putLong(homeToken).putLong(careOfToken).array());
        assertArrayEquals(kbm, BindingManagementKey.of(homeToken, careOfToken).bytes());

        // Authenticator = First(96, HMAC_SHA1(Kbm, care-of address | correspondent | MH Data)),
        // MH Data: checksum zero, without the authenticator itself
        byte[] mhData = Hex.bytes(BU_UNSIGNED);
        byte[] expected = Arrays.copyOf(hmacSha1(kbm, CARE_OF.getAddress(), CORRESPONDENT.getAddress(), mhData), 12);

        BindingUpdate unsigned = BindingUpdate.toCorrespondent(42, 64,
                List.of(new AlternateCareOfAddress(CARE_OF), new NonceIndices(7, 9)));
        BindingUpdate signed = BindingAuthenticator.sign(unsigned,
                BindingManagementKey.of(homeToken, careOfToken), CARE_OF, CORRESPONDENT);
        assertArrayEquals(expected, signed.option(BindingAuthorizationData.class).authenticator());

        // the whole header as sent: hand octets with the authenticator in, checksum for home -> correspondent
        byte[] wire = new byte[mhData.length + 12];
        System.arraycopy(mhData, 0, wire, 0, mhData.length);
        System.arraycopy(expected, 0, wire, AUTH_OFFSET, 12);
        wire = MhChecksum.fill(HOME, CORRESPONDENT, wire);
        assertArrayEquals(wire, MobilityHeaderEncoder.encode(signed, HOME, CORRESPONDENT));

        DecodeResult.Decoded d = (DecodeResult.Decoded) MobilityHeaderDecoder.strict().decode(wire, HOME, CORRESPONDENT);
        assertEquals(AUTH_OFFSET, d.authenticatorOffset());
        BindingManagementKey key = BindingManagementKey.of(homeToken, careOfToken);
        assertTrue(BindingAuthenticator.verify(d, key, CARE_OF, CORRESPONDENT));
        // the checksum is not covered, the addresses are
        assertFalse(BindingAuthenticator.verify(d, key, HOME, CORRESPONDENT));
        assertFalse(BindingAuthenticator.verify(d, key, CARE_OF, HOME));
    }

    @Test
    void deregistrationKeyUsesTheHomeTokenAlone() throws Exception {
        long homeToken = KeygenTokens.home(KCN, HOME, HOME_NONCE);
        byte[] kbm = MessageDigest.getInstance("SHA-1").digest(ByteBuffer.allocate(8).putLong(homeToken).array());
        assertArrayEquals(kbm, BindingManagementKey.forDeregistration(homeToken).bytes());
    }
}
