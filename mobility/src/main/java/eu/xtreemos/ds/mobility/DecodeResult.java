package eu.xtreemos.ds.mobility;

import java.util.NoSuchElementException;

/** The outcome of decoding a Mobility Header: the message, or the precise reason it was refused. */
public sealed interface DecodeResult permits DecodeResult.Decoded, DecodeResult.Rejected {

    /** The message, with the octets it came from (needed to check its authenticator). */
    record Decoded(MobilityMessage message, byte[] wire, int authenticatorOffset) implements DecodeResult {
        public Decoded {
            wire = wire.clone();
        }

        /** A copy of the octets as received. */
        @Override
        public byte[] wire() {
            return wire.clone();
        }

        /** Where the authenticator starts in {@link #wire()}, or -1 if there is no Binding Authorization Data. */
        @Override
        public int authenticatorOffset() {
            return authenticatorOffset;
        }
    }

    /** The reason, the octet offset where the problem was found, and a sentence for the log. */
    record Rejected(Malformation reason, int offset, String detail) implements DecodeResult {
        @Override
        public String toString() {
            return reason + " at octet " + offset + ": " + detail;
        }
    }

    default boolean ok() {
        return this instanceof Decoded;
    }

    /** The message, or null if it was rejected. */
    default MobilityMessage messageOrNull() {
        return this instanceof Decoded d ? d.message() : null;
    }

    /** The rejection, or null if decoded. */
    default Rejected rejectionOrNull() {
        return this instanceof Rejected r ? r : null;
    }

    /** The message; for callers (tests) that treat a rejection as a bug. */
    default MobilityMessage orElseThrow() {
        if (this instanceof Decoded d) {
            return d.message();
        }
        throw new NoSuchElementException("not decoded: " + this);
    }
}
