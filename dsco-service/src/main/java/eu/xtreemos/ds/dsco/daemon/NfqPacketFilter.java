package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.handoff.PacketFilter;
import eu.xtreemos.ds.nfq.InflightSet;
import eu.xtreemos.ds.nfq.PacketHandler;
import eu.xtreemos.ds.nfq.PacketInjector;
import eu.xtreemos.ds.nfq.PacketQueue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The packet filter on NFQUEUE (docs/packet-filter.md): clients in flight are members of an xt_recent
 * list whose rule queues their packets to this daemon, which holds them (or, in drop mode, drops them —
 * kept to measure what holding buys). Adding or removing a client writes one line to /proc, no process.
 */
final class NfqPacketFilter implements PacketFilter {
    private final InflightSet set;
    private final PacketQueue queue;
    private final PacketInjector injector;

    private NfqPacketFilter(InflightSet set, PacketQueue queue, PacketInjector injector) {
        this.set = set;
        this.queue = queue;
        this.injector = injector;
    }

    /** Installs the rules and opens the queue in this process's namespace. */
    static NfqPacketFilter open(DscoConfig c) throws IOException {
        List<InetAddress> services = new ArrayList<>();
        for (DscoConfig.Service s : c.services()) {
            services.add(s.address());
            if (s.address4() != null) {
                services.add(s.address4());
            }
        }
        PacketHandler policy = c.filterMode() == DscoConfig.FilterMode.HOLD ? PacketHandler.HOLD_ALL : p -> PacketHandler.Decision.DROP;
        InflightSet set = new InflightSet(null, "dsco", c.queueNum(), services);
        set.install();
        set.clear(); // members left by a daemon that crashed
        PacketQueue queue;
        try {
            queue = PacketQueue.open(null, c.queueNum(), policy, PacketQueue.Limits.DEFAULT);
        } catch (IOException e) {
            set.uninstall();
            throw e;
        }
        return new NfqPacketFilter(set, queue, PacketInjector.open(null));
    }

    @Override
    public void hold(InetAddress client) throws IOException {
        set.add(client);
    }

    @Override
    public List<byte[]> take(InetAddress client) {
        return queue.takeHeld(client);
    }

    @Override
    public void release(InetAddress client) throws IOException {
        try {
            queue.atomically(() -> { // no packet can be queued between leaving the list and the release
                try {
                    set.remove(client);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                queue.releaseHeld(client);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void inject(List<byte[]> packets) throws IOException {
        injector.injectAll(packets);
    }

    @Override
    public void close() throws IOException {
        queue.close();
        injector.close();
        set.uninstall();
    }
}
