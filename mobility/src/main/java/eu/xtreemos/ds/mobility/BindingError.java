package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;
import java.util.List;

/**
 * Binding Error (MH type 7, RFC 6275 §6.1.9): status 1, a packet used a Home Address option with no
 * binding; status 2, the MH type was not recognised. The home address is that of the offending packet's
 * Home Address option, or the unspecified address.
 */
public record BindingError(int status, Inet6Address homeAddress, List<MobilityOption> options)
        implements MobilityMessage {
    public static final int UNKNOWN_BINDING_FOR_HOME_ADDRESS_OPTION = 1;
    public static final int UNRECOGNIZED_MH_TYPE = 2;

    public BindingError {
        Fields.u8("status", status);
        Fields.address("home address", homeAddress);
        options = List.copyOf(options);
    }

    public BindingError(int status, Inet6Address homeAddress) {
        this(status, homeAddress, List.of());
    }

    @Override
    public MhType type() {
        return MhType.BINDING_ERROR;
    }
}
