package eu.xtreemos.ds.testbed;

import java.util.regex.Pattern;

/**
 * What to build: a testbed called {@code name} (the prefix of its namespaces) with a contact node,
 * {@code servers} more server nodes and {@code clients} client nodes, numbered in address block
 * {@code site}.
 *
 * <p>The limits keep the address plan simple: node numbers are single digits ({@code ::11..::19},
 * {@code ::101..::109}), the site is one byte ({@code fd00:d5:K::}, {@code 10.K.}), and a name of
 * at most 8 characters keeps {@code <name>-server9} within what tools display comfortably.
 */
public record TestbedSpec(String name, int servers, int clients, int site) {
    public static final String DEFAULT_NAME = "ds";
    public static final int MAX_NODES = 9;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]{1,8}");

    public TestbedSpec {
        validateName(name);
        requireRange("servers", servers, 1, MAX_NODES);
        requireRange("clients", clients, 1, MAX_NODES);
        requireRange("site", site, 0, 255);
    }

    /** The default testbed: "ds", one server, one client, site 1. */
    public TestbedSpec() {
        this(DEFAULT_NAME, 1, 1, 1);
    }

    /** Checks a testbed name; used on its own by {@code down} and {@code show}. */
    public static String validateName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1-8 characters from [a-z0-9], got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }

    private static void requireRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be in " + min + ".." + max + ", got " + value);
        }
    }
}
