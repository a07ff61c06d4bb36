package eu.xtreemos.ds.dsco.events;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.GroupEvent;
import eu.xtreemos.ds.dsco.api.GroupEvent.Kind;
import eu.xtreemos.ds.dsco.api.Op;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupEventLogTest {
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    private static List<Long> sequences(GroupEvent.Batch b) {
        return b.events().stream().map(GroupEvent::sequence).toList();
    }

    @Test
    void aReaderGetsEachEventAfterTheLastItSawOnceAndInOrder() throws Exception {
        GroupEventLog log = new GroupEventLog(100);
        log.note(Kind.NODE_JOINED, null, null, "server1", "");
        log.handedOff("demo", CLIENT, "server1", 3);
        log.handoffFailed("demo", CLIENT, "server2", "receiver server2 refused");
        assertEquals(List.of(1L, 2L, 3L), sequences(log.after(null, 0, 0)));
        GroupEvent.Batch b = log.after(log.epoch(), 1, 0);
        assertEquals(List.of(2L, 3L), sequences(b));
        assertEquals(Kind.CLIENT_HANDED_OFF, b.events().get(0).kind());
        assertEquals("receiver server2 refused", b.events().get(1).detail());
        assertEquals(1, b.first());
        assertEquals(3, b.last());
        assertTrue(log.after(log.epoch(), 3, 0).events().isEmpty());
    }

    @Test
    void eventsThatFellOutAreReportedLostBeforeTheRest() throws Exception {
        GroupEventLog log = new GroupEventLog(3);
        for (int i = 0; i < 5; i++) {
            log.received("demo", CLIENT, "contact", 1);
        }
        GroupEvent.Batch b = log.after(log.epoch(), 0, 0);
        assertEquals(Kind.EVENTS_LOST, b.events().get(0).kind());
        assertEquals(2, b.events().get(0).sequence(), "numbered as the last lost, so the reader goes on after it");
        assertTrue(b.events().get(0).detail().contains("1..2"), b.events().get(0).detail());
        assertEquals(List.of(2L, 3L, 4L, 5L), sequences(b));
    }

    @Test
    void aReaderOfAnEarlierRunIsToldItsEventsAreGone() throws Exception {
        GroupEventLog before = new GroupEventLog(10), now = new GroupEventLog(10);
        before.note(Kind.NODE_LEFT, null, null, "server2", "");
        now.note(Kind.CONTACT_CHANGED, null, null, "server1", "");
        assertNotEquals(before.epoch(), now.epoch());
        GroupEvent.Batch b = now.after(before.epoch(), 1, 0);
        assertEquals(Kind.EVENTS_LOST, b.events().get(0).kind());
        assertEquals(0, b.events().get(0).sequence());
        assertEquals(now.epoch(), b.epoch());
        assertEquals(Kind.CONTACT_CHANGED, b.events().get(1).kind());
    }

    @Test
    void aReaderWaitsForTheNextEvent() throws Exception {
        GroupEventLog log = new GroupEventLog(10);
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            log.note(Kind.NODE_JOINED, null, null, "server3", "");
        });
        t.start();
        GroupEvent.Batch b = log.after(null, 0, 10_000);
        t.join();
        assertEquals(List.of(1L), sequences(b));
        assertTrue(log.after(null, 1, 50).events().isEmpty(), "nothing new: an empty batch after the wait");
    }

    @Test
    void aSequenceNumberNotGivenOutYetIsRefused() {
        GroupEventLog log = new GroupEventLog(10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> log.after(null, 5, 0));
        assertTrue(e.getMessage().contains("no event 5"), e.getMessage());
    }

    @Test
    void aBatchSurvivesTheWire() throws Exception {
        GroupEventLog log = new GroupEventLog(10);
        log.handoffFailed("demo", CLIENT, "server2", "no application on server2");
        log.note(Kind.DRAIN_PROGRESS, "demo", null, null, "1 of 1 clients moved");
        GroupEvent.Batch b = log.after(null, 0, 0);
        ApiMessage m = ApiMessage.reply(ApiMessage.request(Op.EVENTS, 1), eu.xtreemos.ds.dsco.api.Status.OK)
                .add(eu.xtreemos.ds.dsco.api.Attr.EPOCH, b.epoch())
                .add(eu.xtreemos.ds.dsco.api.Attr.EVENT_FIRST, b.first()).add(eu.xtreemos.ds.dsco.api.Attr.EVENT_LAST, b.last());
        b.events().forEach(e -> e.addTo(m));
        byte[] raw = m.encode();
        assertEquals(b, GroupEvent.batchOf(ApiMessage.decode(raw, raw.length)));
    }
}
