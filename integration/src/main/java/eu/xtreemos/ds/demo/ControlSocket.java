package eu.xtreemos.ds.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A line-command UNIX socket for a process that runs as a service, without a terminal: the same commands and
 * answers as on its stdin, one connection at a time (a later one waits). Anyone who can reach the socket file
 * may send commands: put it in a directory only the service's user and root can enter.
 */
final class ControlSocket {
    /** Answers one command line; null means "quit": the connection is closed and nothing more is read. */
    interface Commands {
        String answer(String line) throws Exception;
    }

    private ControlSocket() {
    }

    /** Binds {@code path} (replacing a stale socket file) and serves it on a daemon thread. */
    static void serve(Path path, Commands commands) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread t = new Thread(() -> {
            while (server.isOpen()) {
                try (SocketChannel ch = server.accept()) {
                    if (!converse(ch, commands)) {
                        return;
                    }
                } catch (IOException e) {
                    System.err.println("control socket: " + e.getMessage());
                }
            }
        }, "control-socket");
        t.setDaemon(true);
        t.start();
    }

    /** Serves one connection; false after "quit". */
    private static boolean converse(SocketChannel ch, Commands commands) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
        OutputStream out = Channels.newOutputStream(ch);
        for (String line; (line = in.readLine()) != null; ) {
            String answer;
            try {
                answer = commands.answer(line);
            } catch (Exception e) {
                answer = "error " + e.getMessage();
            }
            if (answer == null) {
                return false;
            }
            out.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return true;
    }
}
