package eu.xtreemos.ds.kernel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native layer has one core: every libc constant is declared in {@link LibC} (errno values in
 * {@link Errno}) and nowhere else, libc is bound once, and {@code tcp_info} is read only through
 * {@link TcpInfo}. Scans every Java source of the project, all modules, main and test.
 */
class LibcConstantsDeclaredOnceTest {
    private static final Set<String> CORE = Set.of("LibC.java", "Errno.java");

    @Test
    void eachLibcConstantIsDeclaredOnlyInTheCore() throws IOException {
        Set<String> names = new TreeSet<>();
        names.addAll(constants(LibC.class));
        names.addAll(constants(Errno.class));
        assertTrue(names.contains("SOL_SOCKET") && names.contains("EPERM") && names.contains("TCP_REPAIR"), names.toString());
        Pattern declaration = Pattern.compile("\\b(?:int|short|long|byte)\\s+(" + String.join("|", names) + ")\\s*=[^=]");
        List<String> found = new ArrayList<>();
        for (Path p : sources()) {
            if (isCore(p)) {
                continue;
            }
            Matcher m = declaration.matcher(read(p));
            while (m.find()) {
                found.add(root().relativize(p) + " declares " + m.group(1));
            }
        }
        assertEquals(List.of(), found, "declare libc constants in kernel/LibC.java or kernel/Errno.java only");
    }

    @Test
    void libcIsBoundOnlyInTheCore() throws IOException {
        // A binding of libc by name ("c", Platform.C_LIBRARY_NAME); other libraries (the C tcpcp library) are theirs.
        Pattern binding = Pattern.compile("Native\\.(register|load)\\s*\\([^;]*(\"c\"|C_LIBRARY_NAME)");
        List<String> found = new ArrayList<>();
        for (Path p : sources()) {
            if (!p.getFileName().toString().equals("LibC.java") && binding.matcher(read(p)).find()) {
                found.add(root().relativize(p).toString());
            }
        }
        assertEquals(List.of(), found, "bind native calls in kernel/LibC.java only");
    }

    @Test
    void tcpInfoIsReadOnlyThroughTheTypedStruct() throws IOException {
        Set<String> allowed = Set.of("LibC.java", "LinuxSocket.java", "TcpInfo.java", "LibcConstantsDeclaredOnceTest.java");
        Pattern raw = Pattern.compile("\\bTCP_INFO\\b");
        List<String> found = new ArrayList<>();
        for (Path p : sources()) {
            if (!allowed.contains(p.getFileName().toString()) && raw.matcher(read(p)).find()) {
                found.add(root().relativize(p).toString());
            }
        }
        assertEquals(List.of(), found, "read tcp_info with LinuxSocket.tcpInfo()");
    }

    @Test
    void theScanSeesTheWholeProject() throws IOException {
        List<Path> all = sources();
        assertFalse(all.isEmpty());
        assertTrue(all.stream().anyMatch(p -> p.toString().contains("/mobility/")), "mobility's sources are scanned");
        assertTrue(all.stream().anyMatch(p -> p.toString().contains("/dsco-service/")), "dsco-service's sources are scanned");
    }

    private static boolean isCore(Path p) {
        return CORE.contains(p.getFileName().toString()) && p.getParent().endsWith(Path.of("eu", "xtreemos", "ds", "kernel"))
                && p.toString().contains("/src/main/");
    }

    private static Set<String> constants(Class<?> c) {
        Set<String> s = new TreeSet<>();
        for (Field f : c.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType().isPrimitive()) {
                s.add(f.getName());
            }
        }
        return s;
    }

    /** The reactor's root: the nearest directory above this module with a pom.xml listing modules. */
    private static Path root() {
        Path d = Path.of("").toAbsolutePath();
        for (Path p = d; p != null; p = p.getParent()) {
            Path pom = p.resolve("pom.xml");
            if (Files.isRegularFile(pom) && read(pom).contains("<module>netfilter-native</module>")) {
                return p;
            }
        }
        throw new IllegalStateException("no reactor root above " + d);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(root())) {
            return s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
