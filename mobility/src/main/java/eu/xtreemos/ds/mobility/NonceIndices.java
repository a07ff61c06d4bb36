package eu.xtreemos.ds.mobility;

/**
 * Nonce Indices option (type 4, RFC 6275 §6.2.6): in a Binding Update to a correspondent, which of the
 * correspondent's nonces produced the home and care-of keygen tokens behind the authenticator.
 * Alignment 2n.
 */
public record NonceIndices(int homeNonceIndex, int careOfNonceIndex) implements MobilityOption {
    public static final int DATA_LENGTH = 4;

    public NonceIndices {
        Fields.u16("home nonce index", homeNonceIndex);
        Fields.u16("care-of nonce index", careOfNonceIndex);
    }

    @Override
    public int optionType() {
        return NONCE_INDICES;
    }
}
