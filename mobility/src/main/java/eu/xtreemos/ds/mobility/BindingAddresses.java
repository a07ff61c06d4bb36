package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;

/**
 * The three addresses a Binding Update binds and is authenticated with (RFC 6275 §9.5.1):
 * the home address is the Home Address option's if the packet had one, else the packet's source; the
 * care-of address is the Alternate Care-of Address option's if present, else the packet's source; the
 * correspondent is the packet's destination.
 *
 * <p>A kernel without CONFIG_IPV6_MIP6 drops packets with a Home Address option, so on such kernels a
 * mobile node sends the update from its home address with an Alternate Care-of Address option.
 */
public record BindingAddresses(Inet6Address homeAddress, Inet6Address careOfAddress, Inet6Address correspondent) {
    public BindingAddresses {
        Fields.address("home address", homeAddress);
        Fields.address("care-of address", careOfAddress);
        Fields.address("correspondent", correspondent);
    }

    /** @param homeAddressOption the Home Address destination option's address, or null if there was none */
    public static BindingAddresses of(BindingUpdate bu, Inet6Address source, Inet6Address destination,
                                      Inet6Address homeAddressOption) {
        Inet6Address home = homeAddressOption != null ? homeAddressOption : source;
        AlternateCareOfAddress alt = bu.option(AlternateCareOfAddress.class);
        return new BindingAddresses(home, alt != null ? alt.address() : source, destination);
    }

    /** Care-of address equal to the home address: the mobile node is (back) at home (RFC 6275 §9.5.1). */
    public boolean atHome() {
        return homeAddress.equals(careOfAddress);
    }
}
