package eu.xtreemos.ds.mobility;

import java.util.List;

/**
 * One Mobility Header message (RFC 6275 §6.1): the type-specific fields and the mobility options.
 * Padding (Pad1, PadN) is not part of a message: the encoder adds it where the alignment rules want it
 * and the decoder drops it, so equal messages encode to equal bytes.
 */
public sealed interface MobilityMessage
        permits BindingRefreshRequest, HomeTestInit, CareOfTestInit, HomeTest, CareOfTest,
        BindingUpdate, BindingAcknowledgement, BindingError {

    MhType type();

    /** The mobility options in wire order, without padding. */
    List<MobilityOption> options();

    /** The first option of the given kind, or null. */
    default <T extends MobilityOption> T option(Class<T> kind) {
        for (MobilityOption o : options()) {
            if (kind.isInstance(o)) {
                return kind.cast(o);
            }
        }
        return null;
    }
}
