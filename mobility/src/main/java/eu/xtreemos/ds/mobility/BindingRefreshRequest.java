package eu.xtreemos.ds.mobility;

import java.util.List;

/** Binding Refresh Request (MH type 0, RFC 6275 §6.1.2): asks a mobile node to refresh its binding. */
public record BindingRefreshRequest(List<MobilityOption> options) implements MobilityMessage {
    public BindingRefreshRequest {
        options = List.copyOf(options);
    }

    public BindingRefreshRequest() {
        this(List.of());
    }

    @Override
    public MhType type() {
        return MhType.BINDING_REFRESH_REQUEST;
    }
}
