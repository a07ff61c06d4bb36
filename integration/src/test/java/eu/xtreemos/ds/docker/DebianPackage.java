package eu.xtreemos.ds.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Debian package the packaging module built, which the Docker testbed's containers install. */
final class DebianPackage {
    /** Where a container gets it. */
    static final String IN_CONTAINER = "/tmp/dsco.deb";

    private DebianPackage() {
    }

    /** packaging/target/dsco_VERSION_all.deb, where jdeb names it by the Debian version (-SNAPSHOT is ~SNAPSHOT). */
    static Path path() throws IOException {
        String target = System.getProperty("ds.packaging.target");
        String version = System.getProperty("ds.project.version");
        if (target == null || version == null) {
            throw new IOException("system properties ds.packaging.target and ds.project.version are not set (integration/pom.xml sets them)");
        }
        Path deb = Path.of(target).resolve("dsco_" + version.replace('-', '~') + "_all.deb");
        if (!Files.isRegularFile(deb)) {
            throw new IOException("no Debian package at " + deb + ": build it first (mvn -B package; the packaging module)");
        }
        return deb;
    }
}
