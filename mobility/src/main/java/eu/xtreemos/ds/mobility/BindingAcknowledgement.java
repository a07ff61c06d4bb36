package eu.xtreemos.ds.mobility;

import java.util.ArrayList;
import java.util.List;

/**
 * Binding Acknowledgement (MH type 6, RFC 6275 §6.1.8): the answer to a Binding Update: a status (below
 * 128 accepted, see {@link BindingAckStatus}), K flag, the update's sequence number (or, for status 135,
 * the last one accepted) and the granted lifetime in units of 4 seconds.
 */
public record BindingAcknowledgement(int status, boolean keyManagementMobility, int sequence, int lifetimeUnits,
                                     List<MobilityOption> options) implements MobilityMessage {
    static final int FLAG_K = 0x80;
    static final int RESERVED_FLAGS = 0x7f;

    public BindingAcknowledgement {
        Fields.u8("status", status);
        Fields.u16("sequence", sequence);
        Fields.u16("lifetime", lifetimeUnits);
        options = List.copyOf(options);
    }

    public BindingAcknowledgement(BindingAckStatus status, int sequence, int lifetimeUnits) {
        this(status.code(), false, sequence, lifetimeUnits, List.of());
    }

    @Override
    public MhType type() {
        return MhType.BINDING_ACKNOWLEDGEMENT;
    }

    public boolean accepted() {
        return status < 128;
    }

    /** The status as a known code, or null. */
    public BindingAckStatus knownStatus() {
        return BindingAckStatus.of(status);
    }

    public BindingAcknowledgement withOptions(List<MobilityOption> newOptions) {
        return new BindingAcknowledgement(status, keyManagementMobility, sequence, lifetimeUnits, newOptions);
    }

    BindingAcknowledgement withAuthorization(BindingAuthorizationData auth) {
        List<MobilityOption> o = new ArrayList<>();
        for (MobilityOption x : options) {
            if (!(x instanceof BindingAuthorizationData)) {
                o.add(x);
            }
        }
        o.add(auth);
        return withOptions(o);
    }
}
