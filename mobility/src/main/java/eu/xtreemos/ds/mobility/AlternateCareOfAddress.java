package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;

/**
 * Alternate Care-of Address option (type 3, RFC 6275 §6.2.5): in a Binding Update, the care-of address
 * to bind instead of the packet's source address. Alignment 8n+6, so the address is 8-octet aligned.
 */
public record AlternateCareOfAddress(Inet6Address address) implements MobilityOption {
    public static final int DATA_LENGTH = 16;

    public AlternateCareOfAddress {
        Fields.address("address", address);
    }

    @Override
    public int optionType() {
        return ALTERNATE_CARE_OF_ADDRESS;
    }
}
