package eu.xtreemos.ds.dsco.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** User and group names to numeric ids, from /etc/passwd and /etc/group (no NSS beyond files). */
final class UserIds {
    private UserIds() {
    }

    static Integer uid(String name) {
        return lookup(Path.of("/etc/passwd"), name);
    }

    static Integer gid(String name) {
        return lookup(Path.of("/etc/group"), name);
    }

    private static Integer lookup(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split(":");
                if (f.length > 2 && f[0].equals(name)) {
                    return Integer.parseInt(f[2]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        return null;
    }
}
