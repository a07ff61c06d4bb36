package eu.xtreemos.ds.mobility;

/** Why a Mobility Header was not decoded. */
public enum Malformation {
    /** Fewer than the 8 octets every Mobility Header has. */
    TOO_SHORT,
    /** The Header Len field promises more octets than there are. */
    TRUNCATED,
    /** Octets follow the length the Header Len field gives (nothing may follow: Payload Proto is 59). */
    TRAILING_OCTETS,
    /** Payload Proto is not IPPROTO_NONE (59), which RFC 6275 §9.2 requires. */
    BAD_PAYLOAD_PROTO,
    /** The checksum does not match the pseudo-header and data. */
    BAD_CHECKSUM,
    /** An MH Type that RFC 6275 does not define (a correspondent answers with Binding Error status 2). */
    UNKNOWN_TYPE,
    /** The Header Len field is smaller than the fixed part of this message type (RFC 6275 §9.2). */
    SHORTER_THAN_TYPE,
    /** An option's type/length octets or its data run past the end of the message. */
    OPTION_OVERRUN,
    /** A known option with a length its definition does not allow. */
    BAD_OPTION_LENGTH,
    /** An option other than padding follows the Binding Authorization Data option, which must be last. */
    AUTHORIZATION_NOT_LAST,
    /** Strict mode: a reserved field or flag bit is not zero (RFC receivers ignore them). */
    RESERVED_BITS_SET,
    /** Strict mode: PadN content is not zero. */
    NONZERO_PADDING,
    /** Strict mode: an option is not at the position its alignment rule gives. */
    MISALIGNED_OPTION
}
