package eu.xtreemos.ds.mobility;

import java.time.Instant;

/**
 * A mobile node's return routability progress with one correspondent (RFC 6275 §11.6): the cookies it
 * sent, and the keygen tokens and nonce indices that came back, with when they came (a token is usable
 * for {@link ReturnRoutabilityLimits#MAX_TOKEN_LIFETIME}). Immutable; each step makes a new one.
 */
record ReturnRoutabilityState(long homeCookie, long careOfCookie, Token home, Token careOf) {

    /** A keygen token, its nonce index and when it arrived. */
    record Token(long value, int nonceIndex, Instant received) {
        boolean freshAt(Instant now) {
            return !now.isAfter(received.plus(ReturnRoutabilityLimits.MAX_TOKEN_LIFETIME));
        }
    }

    static ReturnRoutabilityState started(long homeCookie, long careOfCookie) {
        return new ReturnRoutabilityState(homeCookie, careOfCookie, null, null);
    }

    ReturnRoutabilityState withHome(Token t) {
        return new ReturnRoutabilityState(homeCookie, careOfCookie, t, careOf);
    }

    ReturnRoutabilityState withCareOf(Token t) {
        return new ReturnRoutabilityState(homeCookie, careOfCookie, home, t);
    }

    /** Both tokens present and fresh: a Binding Update can be authorized. */
    boolean completeAt(Instant now) {
        return home != null && careOf != null && home.freshAt(now) && careOf.freshAt(now);
    }
}
