package eu.xtreemos.ds.unix;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process for the credential tests: connects to the socket given as argument, says hello,
 * and stays connected until the other side closes.
 */
public final class PeerHelper {
    public static void main(String[] args) throws Exception {
        try (UnixSeqpacketSocket s = UnixSeqpacketSocket.connect(Path.of(args[0]))) {
            s.send(("hello from pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8));
            while (true) {
                try (UnixMessage m = s.receive()) {
                    if (m == null) {
                        return;
                    }
                }
            }
        }
    }
}
