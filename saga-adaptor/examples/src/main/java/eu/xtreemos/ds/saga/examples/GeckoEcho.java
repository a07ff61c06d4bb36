package eu.xtreemos.ds.saga.examples;

import eu.xtreemos.gecko.Client;
import eu.xtreemos.gecko.ClientHandler;
import eu.xtreemos.gecko.Connection;
import eu.xtreemos.gecko.Gecko;
import eu.xtreemos.gecko.HandlerFactory;
import eu.xtreemos.xosaga.DistributedServer;
import eu.xtreemos.xosaga.DistributedServerFactory;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.url.URLFactory;

import java.io.Serializable;
import java.util.HashMap;

/**
 * A stateful echo service written with Gecko: every byte a client sends comes back scrambled by its position in
 * its connection's stream ({@link #scramble}), so each answer depends on how many bytes the connection carried
 * before. The positions are the handler's state: when the client is handed to another node they go with it, and
 * the client, which checks every byte it gets back, notices nothing. Output the client has not taken yet moves
 * too.
 *
 * <p>Usage: {@code GeckoEcho [--checkpoint-ms N] ds://[service-address]:port[?socket=/path/to/dsco.sock]}. Prints
 * {@code ready NODE} when serving; handoffs are asked for by operators ({@code dsctl handoff}). On a protected service
 * every client is checkpointed, at most once per {@code N} ms (default 0: after every event; Gecko's
 * {@code checkpointMillis}).
 */
public final class GeckoEcho {
    private GeckoEcho() {
    }

    /** The byte returned for byte {@code b} found at {@code position} of a connection's stream. */
    public static byte scramble(byte b, long position) {
        return (byte) (b ^ (byte) ((position * 0x9E3779B97F4A7C15L) >>> 56));
    }

    /** A client's state: per connection id, how many bytes it has sent. */
    static final class Positions implements Serializable {
        private static final long serialVersionUID = 1L;
        final HashMap<Integer, Long> received = new HashMap<>();
    }

    static final class Echo implements ClientHandler<Positions> {
        private final Client client;
        private final Positions positions;
        private byte[] out = new byte[0];
        /** Output Gecko had not sent when the state was taken: it travels with the client. */
        private int unsent;

        Echo(Client client, Positions positions) {
            this.client = client;
            this.positions = positions;
        }

        @Override
        public void received(Connection c, byte[] data, int length) {
            long at = positions.received.getOrDefault(c.id(), 0L);
            if (out.length < length) {
                out = new byte[length];
            }
            for (int i = 0; i < length; i++) {
                out[i] = scramble(data[i], at + i);
            }
            positions.received.put(c.id(), at + length);
            c.write(out, 0, length);
        }

        @Override
        public Positions state() {
            unsent = client.connections().stream().mapToInt(Connection::pending).sum();
            return positions;
        }

        @Override
        public void handedOff(String node) {
            System.err.println("handed " + client.address().getHostAddress() + " to " + node + " at " + positions.received
                    + ", with " + unsent + " bytes of output not sent yet");
        }
    }

    private static final String USAGE = "usage: GeckoEcho [--checkpoint-ms N] ds://[service-address]:port[?socket=/path/to/dsco.sock]";

    public static void main(String[] args) {
        long checkpointMillis = 0;
        if (args.length == 3 && args[0].equals("--checkpoint-ms")) {
            try {
                checkpointMillis = Long.parseLong(args[1]);
            } catch (NumberFormatException e) {
                checkpointMillis = -1;
            }
            if (checkpointMillis < 0) {
                System.err.println("--checkpoint-ms takes a number of milliseconds (0 or more), not " + args[1]);
                System.exit(2);
            }
            args = new String[] {args[2]};
        }
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println(USAGE);
            System.exit(args.length == 1 && (args[0].equals("-h") || args[0].equals("--help")) ? 0 : 2);
        }
        HandlerFactory<Positions> handlers = new HandlerFactory<>() {
            @Override
            public ClientHandler<Positions> create(Client client) {
                return new Echo(client, new Positions());
            }

            @Override
            public ClientHandler<Positions> resume(Client client, Positions state) {
                System.err.println("received " + client.address().getHostAddress() + " at " + state.received);
                return new Echo(client, state);
            }
        };
        try (DistributedServer server = DistributedServerFactory.createDistributedServer(URLFactory.createURL(args[0]));
             Gecko<Positions> gecko = Gecko.builder(server, handlers).checkpointMillis(checkpointMillis).start()) {
            if (server.isProtected()) {
                System.err.println("protected service: checkpoints " + (checkpointMillis == 0 ? "after every event"
                        : "at most every " + checkpointMillis + " ms"));
            }
            System.out.println("ready " + gecko.node());
            System.out.flush();
            gecko.join();
        } catch (SagaException e) {
            System.out.println("error " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
