package eu.xtreemos.ds.jmh;

import eu.xtreemos.ds.dsco.metrics.Percentiles;
import eu.xtreemos.ds.dsco.peer.SecureChannel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a new cluster link costs, version 1 (cluster key and nonces) against version 2 (ephemeral X25519 mixed
 * in): connect over loopback in a scratch namespace, both handshakes, the first message each way. The two are
 * alternated block by block in one run so both see the same machine load, which is printed (/proc/loadavg)
 * before and after. Version 1 is rebuilt here from its specification in git history (it left the product).
 * Percentiles: nearest rank, the project's one definition ({@link Percentiles}).
 */
@Command(name = "handshake-cost", mixinStandardHelpOptions = true,
        description = "Times new cluster links with the version-1 and version-2 handshakes, alternated in blocks.")
public final class HandshakeCost implements Callable<Integer> {
    @Option(names = "--blocks", defaultValue = "10", description = "blocks per version (default ${DEFAULT-VALUE})")
    int blocks;
    @Option(names = "--per-block", defaultValue = "200", description = "links per block (default ${DEFAULT-VALUE})")
    int perBlock;
    @Option(names = "--warmup", defaultValue = "1000", description = "untimed links of each version first (default ${DEFAULT-VALUE})")
    int warmup;

    private static final byte[] KEY = new byte[32];
    private final ExecutorService responder = Executors.newSingleThreadExecutor();

    private interface Side {
        void run(Socket s, boolean initiator) throws Exception;
    }

    @Override
    public Integer call() throws Exception {
        Side v1 = (s, initiator) -> VersionOne.link(s, initiator);
        Side v2 = (s, initiator) -> {
            SecureChannel c = SecureChannel.open(s, KEY, initiator ? "a" : "b", initiator, 1 << 20);
            if (initiator) {
                c.send(new byte[300]);
                c.receive();
            } else {
                c.send(c.receive());
            }
        };
        System.out.println("cpus " + Runtime.getRuntime().availableProcessors() + ", load before " + load());
        try (Scratch scratch = new Scratch();
             ServerSocket listener = scratch.ns.call(() -> new ServerSocket(0, 50, InetAddress.getByName("::1")))) {
            for (int i = 0; i < warmup; i++) {
                time(scratch, listener, v1);
                time(scratch, listener, v2);
            }
            long[] one = new long[blocks * perBlock], two = new long[blocks * perBlock];
            for (int b = 0; b < blocks; b++) {
                for (int i = 0; i < perBlock; i++) {
                    one[b * perBlock + i] = time(scratch, listener, v1);
                }
                for (int i = 0; i < perBlock; i++) {
                    two[b * perBlock + i] = time(scratch, listener, v2);
                }
            }
            System.out.println("load after " + load());
            report("version 1 (cluster key)         ", one);
            report("version 2 (X25519 + cluster key)", two);
            Arrays.sort(one);
            Arrays.sort(two);
            System.out.printf("median difference: %.1f us per new link%n", (percentile(two, 50) - percentile(one, 50)) / 1e3);
        } finally {
            responder.shutdownNow();
        }
        return 0;
    }

    /** Nanoseconds from connect to both ends done (handshake and one 300-byte message each way). */
    private long time(Scratch scratch, ServerSocket listener, Side side) throws Exception {
        long t0 = System.nanoTime();
        Future<?> other = responder.submit(() -> {
            try (Socket s = listener.accept()) {
                s.setTcpNoDelay(true);
                side.run(s, false);
            }
            return null;
        });
        try (Socket c = scratch.ns.call(() -> new Socket(InetAddress.getByName("::1"), listener.getLocalPort()))) {
            c.setTcpNoDelay(true);
            side.run(c, true);
            other.get();
        }
        return System.nanoTime() - t0;
    }

    private static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%s n=%d  median %.1f us  p90 %.1f us  p99 %.1f us%n", what, s.length,
                percentile(s, 50) / 1e3, percentile(s, 90) / 1e3, percentile(s, 99) / 1e3);
    }

    private static double percentile(long[] sorted, double p) {
        return Percentiles.of(sorted, p);
    }

    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    /**
     * The version-1 handshake as it was: hellos with name and nonce, HKDF from the cluster key and both nonces,
     * a sealed HMAC proof each way, then one message each way.
     */
    private static final class VersionOne {
        private static final SecureRandom RANDOM = new SecureRandom();

        static void link(Socket s, boolean initiator) throws Exception {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            byte[] nonce = new byte[32];
            RANDOM.nextBytes(nonce);
            byte[] name = (initiator ? "a" : "b").getBytes(StandardCharsets.US_ASCII);
            out.writeInt(0x44535043);
            out.writeShort(1);
            out.writeByte(name.length);
            out.write(name);
            out.write(nonce);
            out.flush();
            in.readInt();
            in.readUnsignedShort();
            byte[] peer = in.readNBytes(in.readUnsignedByte());
            byte[] peerNonce = in.readNBytes(32);
            byte[] salt = initiator ? concat(nonce, peerNonce) : concat(peerNonce, nonce);
            byte[] transcript = initiator ? concat(name, new byte[] {0}, peer) : concat(peer, new byte[] {0}, name);
            byte[] prk = hmac(salt, KEY);
            byte[] i2r = hmac(prk, concat(transcript, "initiator->responder".getBytes(StandardCharsets.US_ASCII), new byte[] {1}));
            byte[] r2i = hmac(prk, concat(transcript, "responder->initiator".getBytes(StandardCharsets.US_ASCII), new byte[] {1}));
            Cipher sealer = Cipher.getInstance("AES/GCM/NoPadding"), opener = Cipher.getInstance("AES/GCM/NoPadding");
            SecretKeySpec send = new SecretKeySpec(initiator ? i2r : r2i, "AES"), receive = new SecretKeySpec(initiator ? r2i : i2r, "AES");
            byte[] finished = hmac(prk, concat(salt, transcript));
            seal(out, sealer, send, 0, finished);
            if (!MessageDigest.isEqual(open(in, opener, receive, 0), finished)) {
                throw new IOException("wrong proof");
            }
            if (initiator) {
                seal(out, sealer, send, 1, new byte[300]);
                open(in, opener, receive, 1);
            } else {
                seal(out, sealer, send, 1, open(in, opener, receive, 1));
            }
        }

        private static void seal(DataOutputStream out, Cipher c, SecretKeySpec key, long counter, byte[] m) throws Exception {
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, ByteBuffer.allocate(12).putInt(0).putLong(counter).array()));
            c.updateAAD(ByteBuffer.allocate(4).putInt(m.length + 16).array());
            out.writeInt(m.length + 16);
            out.write(c.doFinal(m));
            out.flush();
        }

        private static byte[] open(DataInputStream in, Cipher c, SecretKeySpec key, long counter) throws Exception {
            int len = in.readInt();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, ByteBuffer.allocate(12).putInt(0).putLong(counter).array()));
            c.updateAAD(ByteBuffer.allocate(4).putInt(len).array());
            return c.doFinal(in.readNBytes(len));
        }

        private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(data);
        }

        private static byte[] concat(byte[]... parts) {
            int n = 0;
            for (byte[] p : parts) {
                n += p.length;
            }
            ByteBuffer b = ByteBuffer.allocate(n);
            for (byte[] p : parts) {
                b.put(p);
            }
            return b.array();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new HandshakeCost()).execute(args));
    }
}
