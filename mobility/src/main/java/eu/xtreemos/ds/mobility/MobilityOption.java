package eu.xtreemos.ds.mobility;

/**
 * A mobility option (RFC 6275 §6.2): type, length, data. Pad1 and PadN are not represented; see
 * {@link MobilityMessage}.
 */
public sealed interface MobilityOption
        permits BindingRefreshAdvice, AlternateCareOfAddress, NonceIndices, BindingAuthorizationData, UnknownOption {

    int PAD1 = 0;
    int PADN = 1;
    int BINDING_REFRESH_ADVICE = 2;
    int ALTERNATE_CARE_OF_ADDRESS = 3;
    int NONCE_INDICES = 4;
    int BINDING_AUTHORIZATION_DATA = 5;

    /** The Option Type field. */
    int optionType();
}
