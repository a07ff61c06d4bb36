package eu.xtreemos.ds.dsco.peer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * The keys of one cluster link, derived with HKDF-SHA256: extract with the transcript hash as salt from the
 * X25519 secret and the cluster key, then expand one AES key per direction and one finished proof per role.
 * Both secrets are needed: the cluster key authenticates, the X25519 secret (never stored) makes a recording
 * useless to whoever later obtains the cluster key.
 */
record SessionKeys(byte[] initiatorToResponder, byte[] responderToInitiator, byte[] initiatorFinished, byte[] responderFinished) {

    /** SHA-256 of a label and both hellos as sent, the initiator's first: it fixes the roles. */
    static byte[] transcript(byte[] initiatorHello, byte[] responderHello) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(ascii("dsco peer v2"));
            d.update(initiatorHello);
            d.update(responderHello);
            return d.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static SessionKeys derive(byte[] transcript, byte[] sharedSecret, byte[] clusterKey) {
        byte[] prk = HmacSha256.of(transcript, sharedSecret, clusterKey);
        return new SessionKeys(
                HmacSha256.of(prk, ascii("initiator->responder"), new byte[] {1}),
                HmacSha256.of(prk, ascii("responder->initiator"), new byte[] {1}),
                HmacSha256.of(prk, ascii("initiator finished"), transcript),
                HmacSha256.of(prk, ascii("responder finished"), transcript));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
