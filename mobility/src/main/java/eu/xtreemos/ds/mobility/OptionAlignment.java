package eu.xtreemos.ds.mobility;

/**
 * The alignment rules of RFC 6275 §6.2 written "xn+y": an option must start at an offset (from the
 * start of the Mobility Header) that is y more than a multiple of x. Binding Authorization Data has no
 * rule of its own but must end the Mobility Header on an 8-octet boundary, which fixes its start by its
 * length (8n+2 for 12 octets of authenticator).
 */
record OptionAlignment(int multiple, int remainder) {
    static final OptionAlignment NONE = new OptionAlignment(1, 0);

    static OptionAlignment of(MobilityOption o) {
        return switch (o.optionType()) {
            case MobilityOption.BINDING_REFRESH_ADVICE, MobilityOption.NONCE_INDICES -> new OptionAlignment(2, 0);
            case MobilityOption.ALTERNATE_CARE_OF_ADDRESS -> new OptionAlignment(8, 6);
            case MobilityOption.BINDING_AUTHORIZATION_DATA -> {
                int total = 2 + ((BindingAuthorizationData) o).authenticator().length;
                yield new OptionAlignment(8, Math.floorMod(-total, 8));
            }
            default -> NONE;
        };
    }

    /** Octets of padding needed before an option that would otherwise start at {@code position}. */
    int paddingBefore(int position) {
        return Math.floorMod(remainder - position, multiple);
    }

    boolean accepts(int position) {
        return paddingBefore(position) == 0;
    }

    @Override
    public String toString() {
        return multiple + "n+" + remainder;
    }
}
