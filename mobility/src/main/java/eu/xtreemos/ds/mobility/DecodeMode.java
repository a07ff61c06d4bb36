package eu.xtreemos.ds.mobility;

/** How strictly the decoder reads fields the RFC tells receivers to ignore. */
public enum DecodeMode {
    /**
     * As RFC 6275 asks of receivers: reserved fields, padding contents and option alignment are
     * ignored (a sender may have set bits defined by later RFCs).
     */
    RFC,
    /** Also rejects set reserved bits, non-zero padding and misaligned options: for tests and auditing. */
    STRICT
}
