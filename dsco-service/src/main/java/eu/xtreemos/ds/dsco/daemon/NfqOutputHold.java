package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.protect.OutputCommit;
import eu.xtreemos.ds.dsco.protect.OutputHold;
import eu.xtreemos.ds.nfq.IpPacket;
import eu.xtreemos.ds.nfq.OutputQueueRule;
import eu.xtreemos.ds.nfq.PacketHandler;
import eu.xtreemos.ds.nfq.PacketQueue;
import eu.xtreemos.ds.nfq.QueuedPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Output commit on the kernel path (docs/fault-tolerance.md): a rule per protected service queues what it sends to
 * NFQUEUE {@link DscoConfig#protectQueueNum()}; {@link OutputCommit} defers each packet until a checkpoint covering it
 * is acknowledged, and the verdicts release them in order. Connections no longer protected pass for a while (their
 * FIN, retransmissions and TIME_WAIT answers), until checkpointed again.
 */
final class NfqOutputHold implements OutputHold {
    private static final Logger log = LoggerFactory.getLogger(NfqOutputHold.class);
    /** How long an unprotected connection's packets pass unheld: past TIME_WAIT (60 s). */
    private static final long PASS_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final OutputCommit<Integer> commit = new OutputCommit<>();
    private final Map<OutputCommit.Conn, Long> passing = new ConcurrentHashMap<>();
    private final List<OutputQueueRule> rules;
    private PacketQueue queue;

    private NfqOutputHold(List<OutputQueueRule> rules) {
        this.rules = rules;
    }

    /** Opens the queue, then installs the rules (a packet queued before a reader exists would be dropped). */
    static NfqOutputHold open(DscoConfig c) throws IOException {
        List<OutputQueueRule> rules = new ArrayList<>();
        for (DscoConfig.Service s : c.services()) {
            if (s.protectedService()) {
                rules.add(new OutputQueueRule(null, s.address(), s.ports(), c.protectQueueNum()));
            }
        }
        NfqOutputHold h = new NfqOutputHold(rules);
        h.queue = PacketQueue.open(null, c.protectQueueNum(), h::decide, PacketQueue.Limits.DEFAULT);
        try {
            for (OutputQueueRule r : rules) {
                r.install();
                log.info("output commit: {}", r);
            }
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
        return h;
    }

    /** On the queue's reader, under its lock. */
    private PacketHandler.Decision decide(QueuedPacket p) {
        IpPacket ip = p.ip();
        if (!ip.isTcp()) {
            return PacketHandler.Decision.ACCEPT;
        }
        OutputCommit.Conn c = new OutputCommit.Conn(ip.src(), ip.srcPort(), ip.dst(), ip.dstPort());
        Long since = passing.get(c);
        if (since != null) {
            if (System.nanoTime() - since < PASS_NANOS) {
                return PacketHandler.Decision.ACCEPT;
            }
            passing.remove(c, since);
        }
        return commit.hold(p.id(), ip) ? PacketHandler.Decision.DEFER : PacketHandler.Decision.ACCEPT;
    }

    @Override
    public void covered(OutputCommit.Conn c, int sendSeq, int recvSeq) {
        queue.atomically(() -> {
            passing.remove(c);
            queue.acceptDeferred(commit.checkpointed(c, sendSeq, recvSeq));
        });
    }

    @Override
    public void unprotect(OutputCommit.Conn c) {
        queue.atomically(() -> {
            passing.put(c, System.nanoTime());
            queue.acceptDeferred(commit.forget(c));
        });
    }

    @Override
    public int heldNow() {
        return commit.heldNow();
    }

    /** Rules first: once they are gone nothing more is queued, and closing the queue drops what it still defers. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (OutputQueueRule r : rules) {
            try {
                if (r.installed()) {
                    r.uninstall();
                }
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (queue != null) {
            queue.close();
        }
        if (first != null) {
            throw first;
        }
    }
}
