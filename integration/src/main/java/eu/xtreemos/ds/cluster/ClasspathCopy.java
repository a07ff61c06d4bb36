package eu.xtreemos.ds.cluster;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * This JVM's classpath copied where an unprivileged user (and a container, through a bind mount) can read
 * it — a build under /root is not readable by nobody: jars side by side, directories merged into
 * {@code classes/}. Run it with {@code -cp DIR/*:DIR/classes} ({@link JavaCommand}).
 */
public final class ClasspathCopy {
    private ClasspathCopy() {
    }

    /** Copies the classpath into {@code dir} (created if missing) and returns {@code dir}. */
    public static Path into(Path dir) throws IOException {
        Path cp = Files.createDirectories(dir);
        Path classes = Files.createDirectories(cp.resolve("classes"));
        for (String entry : System.getProperty("java.class.path").split(":")) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                copyTree(p, classes);
            } else if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                Files.copy(p, cp.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (Stream<Path> s = Files.walk(cp)) {
            for (Path p : s.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return cp;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
