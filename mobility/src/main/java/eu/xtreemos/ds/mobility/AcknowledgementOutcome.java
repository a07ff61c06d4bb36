package eu.xtreemos.ds.mobility;

/** What a mobile node made of a Binding Acknowledgement. */
public enum AcknowledgementOutcome {
    /** The binding stands (status below 128, authenticator good, our sequence number). */
    ACCEPTED,
    /** The correspondent refused (status 128 and up); for 135 the next update uses a newer number. */
    REFUSED,
    /** A refusal for expired nonces: return routability must run again before the next update. */
    REFUSED_RUN_RETURN_ROUTABILITY_AGAIN,
    /** Accepted status without a good authenticator: ignored as forged. */
    BAD_AUTHENTICATOR,
    /** No update outstanding for this correspondent, or another sequence number: ignored. */
    UNEXPECTED
}
