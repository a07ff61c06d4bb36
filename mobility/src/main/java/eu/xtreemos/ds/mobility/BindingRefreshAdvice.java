package eu.xtreemos.ds.mobility;

/**
 * Binding Refresh Advice option (type 2, RFC 6275 §6.2.4): in a Binding Acknowledgement from the home
 * agent, how often the mobile node should refresh its home registration, in units of 4 seconds.
 * Alignment 2n.
 */
public record BindingRefreshAdvice(int refreshIntervalUnits) implements MobilityOption {
    public static final int DATA_LENGTH = 2;

    public BindingRefreshAdvice {
        Fields.u16("refresh interval", refreshIntervalUnits);
    }

    @Override
    public int optionType() {
        return BINDING_REFRESH_ADVICE;
    }

    public long refreshIntervalSeconds() {
        return refreshIntervalUnits * 4L;
    }
}
