package eu.xtreemos.ds.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading a file of /proc/sys. It must be read in one read call: the kernel answers a read of an integer sysctl at
 * any offset past 0 with end of file, and Files.readString, seeing a size of 0, reads one byte first, so it returns
 * the first digit alone.
 */
public final class ProcSys {
    private ProcSys() {
    }

    /** The file's text, stripped. */
    public static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[4096];
            int n = in.read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII).strip();
        }
    }
}
