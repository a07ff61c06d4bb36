package eu.xtreemos.ds.dsco.handoff;

import eu.xtreemos.ds.dsco.config.DscoConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Operators' handoff requests (REQUEST_HANDOFF). The application owns the client's state, so it is asked to donate
 * the client; the request waits for that donation's outcome ({@link HandoffDonor} settles it). One request per
 * client and service at a time.
 */
public final class HandoffRequests {
    private record Key(String service, InetAddress client) {
    }

    private final ReceivingApps apps;
    private final Map<Key, CompletableFuture<HandoffOutcome>> waiting = new ConcurrentHashMap<>();

    public HandoffRequests(ReceivingApps apps) {
        this.apps = apps;
    }

    /**
     * How long a request waits for the application's donation: twice a handoff's timeouts, and the wait for a
     * receiver restarting while the commit was in doubt.
     */
    public static Duration patience(DscoConfig c) {
        return c.timeouts().flush().plus(c.timeouts().prepare()).plus(c.timeouts().ha()).plus(c.timeouts().commit())
                .multipliedBy(2).plus(c.timeouts().restart()).plusSeconds(5);
    }

    /**
     * Asks the service's application to hand {@code client} to {@code node} and waits up to {@code patience} for its
     * donation. Returns the donation's outcome, or a failed one naming why there was none.
     */
    public HandoffOutcome request(String service, InetAddress client, String node, Duration patience) {
        Key key = new Key(service, client);
        CompletableFuture<HandoffOutcome> f = new CompletableFuture<>();
        if (waiting.putIfAbsent(key, f) != null) {
            return failed("a handoff of " + client.getHostAddress() + " is already requested");
        }
        try {
            apps.requestHandoff(service, client, node);
            return f.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            return failed(e.getMessage());
        } catch (TimeoutException e) {
            return failed("the application did not hand " + client.getHostAddress() + " off in time");
        } catch (InterruptedException | ExecutionException e) {
            return failed(e.toString());
        } finally {
            waiting.remove(key, f);
        }
    }

    /** A donation of {@code client} ended: a request waiting for it gets its outcome. */
    void settled(String service, InetAddress client, HandoffOutcome outcome) {
        CompletableFuture<HandoffOutcome> f = waiting.remove(new Key(service, client));
        if (f != null) {
            f.complete(outcome);
        }
    }

    private static HandoffOutcome failed(String why) {
        return new HandoffOutcome(false, why, new HandoffTimeline());
    }
}
