package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;

/** The addresses the tests use: a mobile node's home and care-of address and a correspondent. */
final class Addresses {
    static final Inet6Address HOME = Fields.ipv6("fd00:d5:ed::100");
    static final Inet6Address CARE_OF = Fields.ipv6("fd00:d5:ed::2");
    static final Inet6Address CORRESPONDENT = Fields.ipv6("fd00:d5:ed::1");

    private Addresses() {
    }

    static Inet6Address of(String literal) {
        return Fields.ipv6(literal);
    }
}
