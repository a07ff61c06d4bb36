package eu.xtreemos.ds.mobility;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Binding Authorization Data option (type 5, RFC 6275 §6.2.7): the authenticator of a Binding Update or
 * Acknowledgement (96 bits with return routability, see {@link BindingAuthenticator}). It must be the
 * last option, and the Mobility Header must end right after it on an 8-octet boundary, so the encoder
 * pads in front of it (8n+2 for a 12-octet authenticator).
 */
public record BindingAuthorizationData(byte[] authenticator) implements MobilityOption {
    /** The authenticator length of return routability: First(96, ...). */
    public static final int RR_AUTHENTICATOR_LENGTH = 12;

    public BindingAuthorizationData {
        if (authenticator.length > 0xff) {
            throw new IllegalArgumentException("authenticator longer than 255 octets: " + authenticator.length);
        }
        authenticator = authenticator.clone();
    }

    /** A placeholder of the return-routability length, all zero (the value before signing). */
    public static BindingAuthorizationData zeroed() {
        return new BindingAuthorizationData(new byte[RR_AUTHENTICATOR_LENGTH]);
    }

    @Override
    public byte[] authenticator() {
        return authenticator.clone();
    }

    @Override
    public int optionType() {
        return BINDING_AUTHORIZATION_DATA;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BindingAuthorizationData b && Arrays.equals(authenticator, b.authenticator);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(authenticator);
    }

    @Override
    public String toString() {
        return "BindingAuthorizationData[" + HexFormat.of().formatHex(authenticator) + "]";
    }
}
