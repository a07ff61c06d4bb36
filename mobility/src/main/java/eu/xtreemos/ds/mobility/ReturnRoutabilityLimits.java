package eu.xtreemos.ds.mobility;

import java.time.Duration;

/** The return routability protocol constants of RFC 6275 §12. */
public final class ReturnRoutabilityLimits {
    /** How long a correspondent honours a nonce after making it. */
    public static final Duration MAX_NONCE_LIFETIME = Duration.ofSeconds(240);
    /** How long a mobile node may use a keygen token after receiving it. */
    public static final Duration MAX_TOKEN_LIFETIME = Duration.ofSeconds(210);
    /** The longest binding a correspondent grants on the strength of return routability. */
    public static final Duration MAX_RR_BINDING_LIFETIME = Duration.ofSeconds(420);
    /** {@link #MAX_RR_BINDING_LIFETIME} in the 4-second units of the Lifetime field. */
    public static final int MAX_RR_BINDING_LIFETIME_UNITS = 105;
    /** The node key Kcn is 20 octets (RFC 6275 §5.2.1), as is a Kbm (SHA-1). */
    public static final int NODE_KEY_LENGTH = 20;
    /** Nonce length: RFC 6275 leaves it to the correspondent; 64 bits like the cookies and tokens. */
    public static final int NONCE_LENGTH = 8;

    private ReturnRoutabilityLimits() {
    }
}
