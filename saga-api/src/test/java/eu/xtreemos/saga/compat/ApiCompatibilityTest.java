package eu.xtreemos.saga.compat;

import org.junit.jupiter.api.Test;
import org.ogf.saga.SagaObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Code written to the reference Java binding 1.1.2 compiles unchanged against this module: every class and every
 * public or protected member of {@code reference-1.1.2.signatures} exists here, declared the same
 * ({@link ApiSignatures} says what "the same" covers). The build fails on a missing class, a missing member or
 * one declared differently.
 *
 * <p>Members the reference lacks are allowed where no code written to the reference can break on them, and are
 * listed for information. An abstract method that the reference lacks is not: a class written to the reference
 * that implements the interface or extends the abstract class would no longer compile. The report is written to
 * {@code target/api-compatibility.txt}.
 */
class ApiCompatibilityTest {
    static final String REFERENCE = "/reference-1.1.2.signatures";

    @Test
    void ourApiDeclaresEveryClassAndMemberOfTheReferenceBindingTheSameWay() throws IOException {
        Map<String, String> reference = keyed(reference());
        Map<String, String> ours = keyed(ApiSignatures.of(getClass().getClassLoader(),
                ApiSignatures.classNames(ApiSignatures.location(SagaObject.class))));

        Set<String> refClasses = classes(reference.keySet()), ourClasses = classes(ours.keySet());
        List<String> missingClasses = new ArrayList<>(), missing = new ArrayList<>(), different = new ArrayList<>(),
                forbidden = new ArrayList<>(), extra = new ArrayList<>();
        for (String c : refClasses) {
            if (!ourClasses.contains(c)) {
                missingClasses.add(c);
            }
        }
        reference.forEach((key, line) -> {
            String cls = key.substring(0, key.indexOf(' '));
            if (!ourClasses.contains(cls)) {
                return; // counted once, as a missing class
            }
            String mine = ours.get(key);
            if (mine == null) {
                missing.add(line);
            } else if (!mine.equals(line)) {
                if (key.endsWith(" class") && onlyAddsAutoCloseable(line, mine, reference, cls)) {
                    extra.add(mine + "   (the reference: " + line + ")");
                } else {
                    different.add("reference: " + line + "\n      ours: " + mine);
                }
            }
        });
        ours.forEach((key, line) -> {
            if (!reference.containsKey(key)) {
                String cls = key.substring(0, key.indexOf(' '));
                boolean newClass = !refClasses.contains(cls);
                if (!newClass && line.contains(" method ") && line.contains(" abstract ")) {
                    forbidden.add(line);
                } else {
                    extra.add(line);
                }
            }
        });

        StringBuilder r = new StringBuilder();
        String figures = String.format("reference %d classes, %d members; missing classes %d, missing members %d, "
                        + "declared differently %d, new abstract methods %d; our additions %d",
                refClasses.size(), reference.size() - refClasses.size(), missingClasses.size(), missing.size(),
                different.size(), forbidden.size(), extra.size());
        r.append(figures).append('\n');
        section(r, "Missing classes", missingClasses);
        section(r, "Missing members", missing);
        section(r, "Members declared differently", different);
        section(r, "Abstract methods the reference lacks (break classes written to it that implement or extend these)", forbidden);
        section(r, "Our additions (information: code written to the reference cannot break on them)", extra);
        Path report = Path.of("target", "api-compatibility.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, r.toString(), StandardCharsets.UTF_8);
        System.out.println("API compatibility with the SAGA Java binding 1.1.2: " + figures + " (" + report.toAbsolutePath() + ")");

        int failures = missingClasses.size() + missing.size() + different.size() + forbidden.size();
        if (failures > 0) {
            fail(figures + "\n" + r.substring(r.indexOf("\n") + 1, Math.min(r.length(), r.indexOf("== Our additions") < 0 ? r.length() : r.indexOf("== Our additions"))));
        }
    }

    /**
     * A class line that differs from the reference's only by the added superinterface {@link AutoCloseable}, on
     * a type whose reference declares {@code close()} itself: it brings no method a class written to the
     * reference lacks, and lets try-with-resources close the object.
     */
    static boolean onlyAddsAutoCloseable(String reference, String ours, Map<String, String> referenceLines, String cls) {
        String without = ours.replace("extends java.lang.AutoCloseable,", "extends ").replace(",java.lang.AutoCloseable", "")
                .replace(" extends java.lang.AutoCloseable", "");
        return without.equals(reference) && referenceLines.containsKey(cls + " method close()");
    }

    private static void section(StringBuilder r, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        r.append("== ").append(title).append(" (").append(lines.size()).append(")\n");
        lines.stream().sorted().forEach(l -> r.append("  ").append(l).append('\n'));
    }

    private static List<String> reference() throws IOException {
        try (InputStream in = ApiCompatibilityTest.class.getResourceAsStream(REFERENCE)) {
            assertNotNull(in, REFERENCE);
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }

    private static Set<String> classes(Set<String> keys) {
        Set<String> s = new TreeSet<>();
        keys.forEach(k -> s.add(k.substring(0, k.indexOf(' '))));
        return s;
    }

    /** Each line under the key that names its member: the class, the kind and the name with its erased parameter types. */
    static Map<String, String> keyed(List<String> lines) {
        Map<String, String> m = new TreeMap<>();
        for (String l : lines) {
            String previous = m.put(key(l), l);
            if (previous != null) {
                throw new IllegalStateException("two lines with one key: " + previous + " / " + l);
            }
        }
        return new LinkedHashMap<>(m);
    }

    static String key(String line) {
        String[] w = line.split(" ", 3);
        String cls = w[0], kind = w[1], rest = w[2];
        switch (kind) {
            case "method", "constructor" -> {
                int t = rest.indexOf(" throws ");
                String head = t < 0 ? rest : rest.substring(0, t);
                String name = kind.equals("constructor") ? "<init>" + head.substring(head.indexOf('('))
                        : head.substring(head.lastIndexOf(' ', head.indexOf('(')) + 1);
                return cls + " " + kind + " " + erase(name);
            }
            case "field", "enum-constant" -> {
                int eq = rest.indexOf(" = ");
                String head = eq < 0 ? rest : rest.substring(0, eq);
                return cls + " field " + head.substring(head.lastIndexOf(' ') + 1);
            }
            default -> {
                return cls + " class";
            }
        }
    }

    private static String erase(String s) {
        StringBuilder b = new StringBuilder();
        int depth = 0;
        for (char c : s.toCharArray()) {
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (depth == 0) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
