import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The closing table of a CI run: per module, tests run / failed / skipped (from the Surefire and Failsafe reports,
 * and the C tests' PASS/FAIL lines in the Maven log), then every skip with its reason. Under CI=true a skip whose
 * reason is not a missing kernel capability (the "kernel lacks " reasons of the JUnit condition) fails the run: it
 * means the machine was not set up, and a green run must not hide that.
 *
 * <p>Usage: {@code java .ci/TestReport.java <project root> <maven log>}; exit 1 when such a skip was found.
 */
public class TestReport {
    private static final String CAPABILITY_PREFIX = "kernel lacks ";

    record Counts(int run, int failed, int skipped) {
        Counts plus(Counts o) {
            return new Counts(run + o.run, failed + o.failed, skipped + o.skipped);
        }
    }

    record Skip(String module, String test, String reason) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path log = args.length > 1 ? Path.of(args[1]) : null;
        Map<String, Counts> modules = new TreeMap<>();
        List<Skip> skips = new ArrayList<>();
        List<Path> reports;
        try (Stream<Path> s = Files.walk(root, 6)) {
            reports = s.filter(p -> p.getFileName().toString().startsWith("TEST-") && p.toString().endsWith(".xml"))
                    .filter(p -> p.getParent().getFileName().toString().matches("(surefire|failsafe)-reports"))
                    .sorted().toList();
        }
        for (Path r : reports) {
            Path moduleDir = r.getParent().getParent().getParent(); // <module>/target/<kind>-reports/TEST-x.xml
            String module = root.relativize(moduleDir).toString();
            if (r.getParent().getFileName().toString().startsWith("failsafe")) {
                module += " (verify)";
            }
            Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(r.toFile());
            Element suite = d.getDocumentElement();
            Counts c = new Counts(integer(suite, "tests"), integer(suite, "failures") + integer(suite, "errors"), integer(suite, "skipped"));
            modules.merge(module, c, Counts::plus);
            NodeList cases = suite.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element tc = (Element) cases.item(i);
                NodeList skipped = tc.getElementsByTagName("skipped");
                if (skipped.getLength() > 0) {
                    skips.add(new Skip(module, simpleName(tc.getAttribute("classname")) + "." + tc.getAttribute("name"),
                            reason((Element) skipped.item(0))));
                }
            }
        }
        if (log != null && Files.exists(log)) {
            int pass = 0, fail = 0;
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("PASS ")) {
                    pass++;
                } else if (line.startsWith("FAIL ")) {
                    fail++;
                }
            }
            if (pass + fail > 0) {
                modules.put("kmod-tcpcp (C, make test)", new Counts(pass + fail, fail, 0));
            }
        }

        System.out.println();
        System.out.println("== tests by module ==");
        System.out.printf("%-36s %7s %7s %8s%n", "module", "run", "failed", "skipped");
        Counts total = new Counts(0, 0, 0);
        for (Map.Entry<String, Counts> e : modules.entrySet()) {
            Counts c = e.getValue();
            System.out.printf("%-36s %7d %7d %8d%n", e.getKey(), c.run(), c.failed(), c.skipped());
            total = total.plus(c);
        }
        System.out.printf("%-36s %7d %7d %8d%n", "total", total.run(), total.failed(), total.skipped());
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        int forbidden = 0;
        if (!skips.isEmpty()) {
            System.out.println();
            System.out.println("== skipped, with reasons ==");
            for (Skip s : skips) {
                boolean capability = s.reason().startsWith(CAPABILITY_PREFIX);
                if (!capability) {
                    forbidden++;
                }
                System.out.println((capability ? "  " : "! ") + s.module() + ": " + s.test() + ": " + s.reason());
            }
        }
        if (forbidden > 0) {
            System.out.println();
            System.out.println(forbidden + " skip(s) marked ! are not for a missing kernel capability" + (ci
                    ? ": under CI=true that fails the run (set the machine up: bin/setup)" : ""));
            if (ci) {
                System.exit(1);
            }
        }
    }

    private static int integer(Element e, String attribute) {
        String v = e.getAttribute(attribute);
        return v.isEmpty() ? 0 : Integer.parseInt(v);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** A disabled test's reason is the message attribute; an aborted one's is the exception's text, its class first. */
    private static String reason(Element skipped) {
        String r = skipped.getAttribute("message");
        if (r.isEmpty()) {
            r = skipped.getTextContent().strip();
            String first = r.lines().findFirst().orElse("");
            int colon = first.indexOf(": ");
            r = colon > 0 && first.substring(0, colon).matches("[\\w.$]+") ? first.substring(colon + 2) : first;
        }
        r = r.replaceAll("\\s+", " ").strip();
        return r.isEmpty() ? "(no reason given)" : r.length() > 300 ? r.substring(0, 300) + "..." : r;
    }
}
