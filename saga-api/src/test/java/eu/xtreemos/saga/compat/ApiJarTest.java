package eu.xtreemos.saga.compat;

import org.junit.jupiter.api.Test;
import org.ogf.saga.SagaObject;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The saga-api jar can be swapped for the reference binding's API jar: it holds the classes of {@code org.ogf.saga}
 * and nothing else (no implementation, no service registration), its classes refer to no class outside
 * themselves and the JDK (jdeps, run on the compiled classes with an empty class path), and its pom declares no
 * dependency outside the test scope.
 */
class ApiJarTest {
    private static final Pattern JDEPS_EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+(.+?)\\s*$");

    @Test
    void theJarHoldsOnlyOrgOgfSagaClasses() throws IOException {
        Path classes = ApiSignatures.location(SagaObject.class);
        List<String> foreign = new ArrayList<>();
        int count;
        try (Stream<Path> files = Files.walk(classes)) {
            List<String> all = files.filter(Files::isRegularFile).map(f -> classes.relativize(f).toString()).toList();
            count = all.size();
            all.stream().filter(f -> !(f.startsWith("org/ogf/saga/") && f.endsWith(".class"))).forEach(foreign::add);
        }
        assertTrue(count > 80, "the binding's classes are there: " + count + " files in " + classes);
        assertEquals(List.of(), foreign, "files in " + classes + " that are not org.ogf.saga classes");
    }

    @Test
    void itsClassesNeedNothingButThemselvesAndTheJdk() {
        Path classes = ApiSignatures.location(SagaObject.class);
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out, true), new PrintWriter(out, true), "-verbose:class", classes.toString());
        assertEquals(0, rc, out.toString());

        List<String> outside = new ArrayList<>();
        int edges = 0;
        for (String line : out.toString().split("\n")) {
            Matcher m = JDEPS_EDGE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            edges++;
            String target = m.group(2), where = m.group(3);
            boolean jdk = where.startsWith("java.") || where.startsWith("jdk.");
            boolean own = target.startsWith("org.ogf.saga.") && !where.contains("not found");
            if (!jdk && !own) {
                outside.add(m.group(1) + " -> " + target + " (" + where + ")");
            }
        }
        assertTrue(edges > 500, "jdeps listed the classes' dependencies:\n" + out);
        assertEquals(List.of(), outside, "classes of saga-api that need a class from elsewhere");
    }

    @Test
    void itsPomDeclaresNoDependencyOutsideTheTestScope() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(pom);
        List<String> compile = new ArrayList<>();
        while (m.find()) {
            if (!m.group(1).contains("<scope>test</scope>")) {
                compile.add(m.group(1).replaceAll("\\s+", " ").trim());
            }
        }
        assertTrue(pom.contains("<artifactId>saga-api</artifactId>"), "run in saga-api's directory");
        assertEquals(List.of(), compile, "saga-api's dependencies outside the test scope");
    }
}
