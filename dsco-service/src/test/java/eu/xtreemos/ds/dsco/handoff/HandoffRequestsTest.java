package eu.xtreemos.ds.dsco.handoff;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operator's handoff request waits for the application's donation of that client and answers with its outcome;
 * it fails with a reason when the application is gone, does not donate in time, or a request is already waiting.
 */
class HandoffRequestsTest {
    private static final InetAddress CLIENT = address("fd00:6::9");

    private static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applications that take every request (and count them), or none. */
    private static final class Apps implements ReceivingApps {
        final CountDownLatch asked = new CountDownLatch(1);
        final boolean gone;

        Apps(boolean gone) {
            this.gone = gone;
        }

        @Override
        public boolean registered(String service) {
            return !gone;
        }

        @Override
        public void deliver(String service, InetAddress client, int[] fds, byte[] appState) {
        }

        @Override
        public void requestHandoff(String service, InetAddress client, String node) throws IOException {
            if (gone) {
                throw new IOException("no application on this node is registered for " + service);
            }
            asked.countDown();
        }
    }

    @Test
    void aRequestAnswersWithTheDonationsOutcome() throws Exception {
        Apps apps = new Apps(false);
        HandoffRequests requests = new HandoffRequests(apps);
        CompletableFuture<HandoffOutcome> answer = CompletableFuture.supplyAsync(
                () -> requests.request("demo", CLIENT, "server1", Duration.ofSeconds(30)));
        assertTrue(apps.asked.await(10, TimeUnit.SECONDS), "the application was asked");
        HandoffOutcome donated = new HandoffOutcome(true, "handed off to server1", new HandoffTimeline());
        requests.settled("demo", CLIENT, donated);
        assertEquals(donated, answer.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aSecondRequestForTheSameClientIsRefusedWhileOneWaits() throws Exception {
        Apps apps = new Apps(false);
        HandoffRequests requests = new HandoffRequests(apps);
        CompletableFuture<HandoffOutcome> first = CompletableFuture.supplyAsync(
                () -> requests.request("demo", CLIENT, "server1", Duration.ofSeconds(30)));
        assertTrue(apps.asked.await(10, TimeUnit.SECONDS));
        HandoffOutcome second = requests.request("demo", CLIENT, "server2", Duration.ofSeconds(1));
        assertFalse(second.ok());
        assertEquals("a handoff of fd00:6:0:0:0:0:0:9 is already requested", second.message());
        requests.settled("demo", CLIENT, new HandoffOutcome(false, "refused", new HandoffTimeline()));
        assertEquals("refused", first.get(10, TimeUnit.SECONDS).message());
    }

    @Test
    void noApplicationOrNoDonationInTimeFailsNamingWhy() {
        HandoffOutcome gone = new HandoffRequests(new Apps(true)).request("demo", CLIENT, "server1", Duration.ofSeconds(5));
        assertFalse(gone.ok());
        assertTrue(gone.message().contains("no application on this node is registered for demo"), gone.message());
        HandoffOutcome late = new HandoffRequests(new Apps(false)).request("demo", CLIENT, "server1", Duration.ofMillis(200));
        assertFalse(late.ok());
        assertEquals("the application did not hand fd00:6:0:0:0:0:0:9 off in time", late.message());
    }
}
