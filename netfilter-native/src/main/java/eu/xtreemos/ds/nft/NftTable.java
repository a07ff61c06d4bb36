package eu.xtreemos.ds.nft;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One nftables table owned by this process, driven through the {@code nft} command in the calling thread's
 * network namespace. The ruleset is loaded once with the {@code nft} command ({@link #load},
 * {@link #loadKeepingElements}); afterwards only map elements change ({@link #put}, {@link #remove}, {@link #apply}),
 * each change one nf_tables netlink transaction. The table is this process's alone: the elements it holds are remembered here, so a changed
 * element is deleted and added again in one transaction (a map refuses to overwrite a key with other data).
 */
public final class NftTable implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 10;

    private final String family;
    private final String name;
    private final Map<String, Map<String, String>> elements = new HashMap<>();
    private static final int NFPROTO_INET = 1, NFPROTO_IPV4 = 2, NFPROTO_IPV6 = 10;
    private boolean closed;
    private NftElements netlink;

    private NftTable(String family, String name) {
        this.family = family;
        this.name = name;
    }

    /** A base chain: its name, its hook line ({@code type filter hook prerouting priority -300; policy accept;}) and rules. */
    public record Chain(String name, String hook, List<String> rules) {
    }

    /**
     * Loads {@code table <family> <name>} with these maps (declarations such as {@code map m { type ... ; }}) and
     * chains, replacing a table of that name left by an earlier run: declaring it empty first makes the delete
     * valid whether or not it existed. One transaction.
     */
    public static NftTable load(String family, String name, List<String> maps, List<Chain> chains) throws IOException {
        run("table " + family + " " + name + " {}\n"
                + "delete table " + family + " " + name + "\n"
                + declaration(family, name, maps, chains)
                + rules(family, name, chains));
        return new NftTable(family, name);
    }

    /**
     * Like {@link #load}, but an earlier run's table keeps its map elements (what it was carrying goes on being
     * carried) while its chains get exactly these rules again. Falls back to {@link #load} if the earlier table's
     * maps do not match these declarations.
     */
    public static NftTable loadKeepingElements(String family, String name, List<String> maps, List<Chain> chains) throws IOException {
        StringBuilder flush = new StringBuilder();
        for (Chain c : chains) {
            flush.append("flush chain ").append(family).append(' ').append(name).append(' ').append(c.name()).append('\n');
        }
        try {
            run(declaration(family, name, maps, chains) + flush + rules(family, name, chains));
        } catch (IOException e) {
            return load(family, name, maps, chains);
        }
        NftTable t = new NftTable(family, name);
        for (String map : maps) {
            String mapName = map.trim().split("\\s+")[1];
            t.elements.put(mapName, t.listElements(mapName));
        }
        return t;
    }

    private static String declaration(String family, String name, List<String> maps, List<Chain> chains) {
        StringBuilder b = new StringBuilder("table ").append(family).append(' ').append(name).append(" {\n");
        maps.forEach(m -> b.append("  ").append(m).append('\n'));
        chains.forEach(c -> b.append("  chain ").append(c.name()).append(" { ").append(c.hook()).append(" }\n"));
        return b.append("}\n").toString();
    }

    private static String rules(String family, String name, List<Chain> chains) {
        StringBuilder b = new StringBuilder();
        for (Chain c : chains) {
            for (String r : c.rules()) {
                b.append("add rule ").append(family).append(' ').append(name).append(' ').append(c.name()).append(' ').append(r).append('\n');
            }
        }
        return b.toString();
    }

    /** The elements of a map as the kernel holds them, addresses in Java's text form. */
    private Map<String, String> listElements(String map) throws IOException {
        String listing = nft(List.of("list", "map", family, name, map), null);
        Map<String, String> out = new HashMap<>();
        int at = listing.indexOf("elements = {");
        if (at < 0) {
            return out;
        }
        String body = listing.substring(at + "elements = {".length(), listing.indexOf('}', at));
        for (String element : body.split(",")) {
            int sep = element.indexOf(" : "); // IPv6 addresses hold colons; the separator has spaces
            if (sep < 0) {
                continue;
            }
            out.put(normalized(element.substring(0, sep)), normalized(element.substring(sep + 3)));
        }
        return out;
    }

    /** "a . b" with each address in Java's text form, as {@link #put} callers write them. */
    private static String normalized(String key) {
        StringBuilder b = new StringBuilder();
        for (String part : key.trim().split("\\s+\\.\\s+")) {
            try {
                b.append(b.length() == 0 ? "" : " . ").append(java.net.InetAddress.getByName(part.trim()).getHostAddress());
            } catch (java.net.UnknownHostException e) {
                b.append(b.length() == 0 ? "" : " . ").append(part.trim());
            }
        }
        return b.toString();
    }

    /** {@code family name}, as nft names the table. */
    public String qualifiedName() {
        return family + " " + name;
    }

    /** One change of a map: {@code value} null removes the key. */
    public record Change(String map, String key, String value) {
        public static Change put(String map, String key, String value) {
            return new Change(map, key, value);
        }

        public static Change remove(String map, String key) {
            return new Change(map, key, null);
        }
    }

    /** Maps {@code key} to {@code value} in {@code map} (keys and values in nft's syntax, e.g. {@code "a . b"}). */
    public void put(String map, String key, String value) throws IOException {
        apply(List.of(Change.put(map, key, value)));
    }

    /** Removes {@code key} from {@code map}; false if this table did not hold it. */
    public synchronized boolean remove(String map, String key) throws IOException {
        boolean held = get(map, key) != null;
        apply(List.of(Change.remove(map, key)));
        return held;
    }

    /**
     * Applies the changes in one transaction, over nf_tables netlink ({@link NftElements}: microseconds, where an
     * {@code nft} process costs tens of milliseconds on a busy machine). Changes to what the table holds already are
     * left out; nothing is sent if none is left. Keys and values are addresses ({@code "a . b"} for a concatenation).
     */
    public synchronized void apply(List<Change> changes) throws IOException {
        List<NftElements.Change> batch = new ArrayList<>();
        StringBuilder what = new StringBuilder();
        Map<String, Map<String, String>> after = new HashMap<>();
        elements.forEach((m, e) -> after.put(m, new HashMap<>(e)));
        for (Change c : changes) {
            Map<String, String> m = after.computeIfAbsent(c.map(), k -> new HashMap<>());
            String old = m.get(c.key());
            if (java.util.Objects.equals(old, c.value())) {
                continue;
            }
            if (old != null) { // a map refuses to overwrite a key with other data
                batch.add(new NftElements.Change(c.map(), bytes(c.key()), null));
                what.append(what.length() == 0 ? "" : "; ").append("delete element ").append(qualifiedName()).append(' ').append(c.map())
                        .append(" { ").append(c.key()).append(" }");
                m.remove(c.key());
            }
            if (c.value() != null) {
                batch.add(new NftElements.Change(c.map(), bytes(c.key()), bytes(c.value())));
                what.append(what.length() == 0 ? "" : "; ").append("add element ").append(qualifiedName()).append(' ').append(c.map())
                        .append(" { ").append(c.key()).append(" : ").append(c.value()).append(" }");
                m.put(c.key(), c.value());
            }
        }
        if (!batch.isEmpty()) {
            netlink().apply(what.toString(), batch);
            elements.clear();
            elements.putAll(after);
        }
    }

    /** Opened on first use, by the thread (and so in the namespace) that changes the table. */
    private NftElements netlink() throws IOException {
        if (netlink == null) {
            netlink = NftElements.open(family.equals("ip6") ? NFPROTO_IPV6 : family.equals("ip") ? NFPROTO_IPV4 : NFPROTO_INET, name);
        }
        return netlink;
    }

    /** "a . b" of addresses: the registers' bytes, each address whole (16 or 4 bytes, both register-aligned). */
    private static byte[] bytes(String key) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (String part : key.trim().split("\\s+\\.\\s+")) {
            try {
                out.writeBytes(java.net.InetAddress.getByName(part.trim()).getAddress());
            } catch (java.net.UnknownHostException e) {
                throw new IOException("not an address in an nft element: '" + part + "'", e);
            }
        }
        return out.toByteArray();
    }

    /** The value of {@code key} in {@code map} as this table set it, or null. */
    public synchronized String get(String map, String key) {
        Map<String, String> m = elements.get(map);
        return m == null ? null : m.get(key);
    }

    /** Deletes the table: from then on its rules rewrite nothing. */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            if (netlink != null) {
                netlink.close();
            }
            run("delete table " + qualifiedName() + "\n");
        }
    }

    /**
     * Runs {@code nft -f -} with {@code script} on its standard input; throws with what nft said when it refuses
     * (nft applies a script as one transaction: all of it or nothing).
     */
    public static void run(String script) throws IOException {
        nft(List.of("-f", "-"), script);
    }

    /**
     * Runs {@code nft <args>}, with {@code script} (or nothing) on its standard input, and returns what it printed;
     * throws with what it said when it refuses, and with the script when there is one.
     */
    private static String nft(List<String> args, String script) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("nft"));
        cmd.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run nft (the nftables package): " + e.getMessage(), e);
        }
        try (OutputStream in = p.getOutputStream()) {
            if (script != null) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", cmd), e);
        }
        if (p.exitValue() != 0) {
            throw new IOException((script == null ? String.join(" ", cmd) + " failed" : "nft refused") + " (exit " + p.exitValue() + "): "
                    + firstLines(out.trim(), 4) + (script == null ? "" : "\n  script: " + script.strip().replace("\n", "\n          ")));
        }
        return out;
    }

    private static String firstLines(String s, int n) {
        String[] lines = s.split("\n");
        return String.join(" | ", java.util.Arrays.copyOf(lines, Math.min(n, lines.length)));
    }
}
