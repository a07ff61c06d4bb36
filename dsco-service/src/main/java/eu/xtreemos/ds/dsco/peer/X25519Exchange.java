package eu.xtreemos.ds.dsco.peer;

import javax.crypto.KeyAgreement;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;

/**
 * One side of an ephemeral X25519 key agreement (RFC 7748): a fresh key pair per connection, forgotten
 * with this object, so a secret agreed once cannot be computed again from anything a node keeps.
 * Public keys travel as the 32-byte little-endian u-coordinate.
 */
final class X25519Exchange {
    static final int PUBLIC_LEN = 32;

    private final KeyPair pair;

    private X25519Exchange(KeyPair pair) {
        this.pair = pair;
    }

    static X25519Exchange generate() {
        try {
            return new X25519Exchange(KeyPairGenerator.getInstance("X25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 unavailable", e);
        }
    }

    byte[] publicKey() {
        byte[] bigEndian = ((XECPublicKey) pair.getPublic()).getU().toByteArray();
        byte[] out = new byte[PUBLIC_LEN];
        for (int i = 0; i < PUBLIC_LEN && i < bigEndian.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }

    /** The shared secret with the peer's public key; refused if that key has small order (an all-zero secret). */
    byte[] agree(byte[] peerPublic) throws PeerAuthException {
        byte[] bigEndian = new byte[PUBLIC_LEN];
        for (int i = 0; i < PUBLIC_LEN; i++) {
            bigEndian[i] = peerPublic[PUBLIC_LEN - 1 - i];
        }
        bigEndian[0] &= 0x7f; // RFC 7748 section 5: the top bit of the u-coordinate is ignored
        try {
            PublicKey peer = KeyFactory.getInstance("XDH")
                    .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, bigEndian)));
            KeyAgreement ka = KeyAgreement.getInstance("XDH");
            ka.init(pair.getPrivate());
            ka.doPhase(peer, true);
            byte[] secret = ka.generateSecret();
            int or = 0;
            for (byte b : secret) {
                or |= b;
            }
            if (or == 0) {
                throw new PeerAuthException("the peer's ephemeral key has small order");
            }
            return secret;
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw new PeerAuthException("the peer's ephemeral key is not a usable X25519 key: " + e.getMessage());
        }
    }
}
