package eu.xtreemos.ds.mobility;

import java.util.ArrayList;
import java.util.List;

/**
 * Binding Update (MH type 5, RFC 6275 §6.1.7): "send my home address's traffic to this care-of address
 * for this long". Flags: A (acknowledge), H (home registration), L (link-local compatibility), K (key
 * management mobility); the other 12 flag bits are reserved. Lifetime in units of 4 seconds; 0 removes
 * the binding.
 */
public record BindingUpdate(int sequence, boolean acknowledge, boolean homeRegistration, boolean linkLocalCompatible,
                            boolean keyManagementMobility, int lifetimeUnits, List<MobilityOption> options)
        implements MobilityMessage {
    static final int FLAG_A = 0x8000;
    static final int FLAG_H = 0x4000;
    static final int FLAG_L = 0x2000;
    static final int FLAG_K = 0x1000;
    static final int RESERVED_FLAGS = 0x0fff;

    public BindingUpdate {
        Fields.u16("sequence", sequence);
        Fields.u16("lifetime", lifetimeUnits);
        options = List.copyOf(options);
    }

    /** A correspondent registration (H = 0) asking for an acknowledgement. */
    public static BindingUpdate toCorrespondent(int sequence, int lifetimeUnits, List<MobilityOption> options) {
        return new BindingUpdate(sequence, true, false, false, false, lifetimeUnits, options);
    }

    @Override
    public MhType type() {
        return MhType.BINDING_UPDATE;
    }

    public long lifetimeSeconds() {
        return lifetimeUnits * 4L;
    }

    /** The same update with other options (used to put the authenticator in). */
    public BindingUpdate withOptions(List<MobilityOption> newOptions) {
        return new BindingUpdate(sequence, acknowledge, homeRegistration, linkLocalCompatible, keyManagementMobility,
                lifetimeUnits, newOptions);
    }

    /** The options without the Binding Authorization Data, then the given one last. */
    BindingUpdate withAuthorization(BindingAuthorizationData auth) {
        List<MobilityOption> o = new ArrayList<>();
        for (MobilityOption x : options) {
            if (!(x instanceof BindingAuthorizationData)) {
                o.add(x);
            }
        }
        o.add(auth);
        return withOptions(o);
    }

    int flagBits() {
        return (acknowledge ? FLAG_A : 0) | (homeRegistration ? FLAG_H : 0) | (linkLocalCompatible ? FLAG_L : 0)
                | (keyManagementMobility ? FLAG_K : 0);
    }
}
