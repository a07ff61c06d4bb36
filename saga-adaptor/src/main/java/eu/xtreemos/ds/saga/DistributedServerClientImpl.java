package eu.xtreemos.ds.saga;

import eu.xtreemos.saga.tcp.ChannelStream;
import eu.xtreemos.xosaga.ReceivedClient;
import org.ogf.saga.stream.Stream;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A client served here: its address and open streams, kept in the order of the client's ports. */
final class DistributedServerClientImpl implements ReceivedClient {
    private final InetAddress address;
    private final List<ChannelStream> streams = new CopyOnWriteArrayList<>();
    private final byte[] state;
    /** Held while the client's streams are paused for a handoff or a checkpoint: one pause at a time. */
    final Object pauseLock = new Object();

    DistributedServerClientImpl(InetAddress address, byte[] state) {
        this.address = address;
        this.state = state;
    }

    synchronized void add(ChannelStream s) {
        streams.add(s);
        streams.sort(Comparator.comparingInt(c -> c.remote().getPort()));
    }

    void remove(ChannelStream s) {
        streams.remove(s);
    }

    List<ChannelStream> channelStreams() {
        return List.copyOf(streams);
    }

    @Override
    public InetAddress getAddress() {
        return address;
    }

    @Override
    public List<Stream> getStreams() {
        return List.copyOf(streams);
    }

    @Override
    public byte[] getState() {
        return state.clone();
    }

    @Override
    public String toString() {
        return "client " + address.getHostAddress() + " (" + streams.size() + " streams)";
    }
}
