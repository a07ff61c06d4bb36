package eu.xtreemos.ds.dsco.api;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Handoff timings travel as typed TIMING attributes and come back as the same durations. */
class HandoffTimingsTest {
    @Test
    void timingsSurviveTheWire() throws Exception {
        HandoffTimings sent = HandoffTimings.of(Map.of(HandoffPhase.FLUSH, 120_000L, HandoffPhase.FREEZE_DUMP, 3_400_000L,
                HandoffPhase.PREPARE, 5_000_000L, HandoffPhase.RESTORE, 2_000_000L, HandoffPhase.COMMIT, 1_000_000L));
        byte[] raw = sent.addTo(ApiMessage.reply(ApiMessage.request(Op.DONATE, 1), Status.OK)).encode();
        HandoffTimings got = HandoffTimings.from(ApiMessage.decode(raw, raw.length));
        assertEquals(sent, got);
        assertEquals(Duration.ofNanos(3_400_000L), got.freezeDump());
        assertEquals(Duration.ZERO, got.redirect(), "a phase not reported is zero");
        assertEquals(Duration.ofNanos(120_000L + 3_400_000L + 5_000_000L + 1_000_000L), got.total(),
                "the receiver's restore lies inside the donor's prepare: counted once");
        assertEquals("flush 0.12 ms, freeze+dump 3.40 ms, prepare 5.00 ms, restore 2.00 ms, commit 1.00 ms", got.toString());
    }

    @Test
    void aPhaseOfALaterVersionIsSkipped() throws Exception {
        ApiMessage m = ApiMessage.reply(ApiMessage.request(Op.DONATE, 1), Status.OK)
                .add(Attr.TIMING, ByteBuffer.allocate(10).putShort((short) 999).putLong(5).array())
                .add(Attr.TIMING, ByteBuffer.allocate(10).putShort((short) HandoffPhase.HOLD.code).putLong(7).array());
        assertEquals(HandoffTimings.of(Map.of(HandoffPhase.HOLD, 7L)), HandoffTimings.from(m));
    }

    @Test
    void aMalformedTimingIsRefusedNamingWhy() {
        ApiMessage shortOne = ApiMessage.reply(ApiMessage.request(Op.DONATE, 1), Status.OK).add(Attr.TIMING, "flush=12");
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> HandoffTimings.from(shortOne));
        assertTrue(e.getMessage().contains("TIMING attribute of 8 bytes"), e.getMessage());
        ApiMessage negative = ApiMessage.reply(ApiMessage.request(Op.DONATE, 1), Status.OK)
                .add(Attr.TIMING, ByteBuffer.allocate(10).putShort((short) 1).putLong(-1).array());
        assertTrue(assertThrows(MalformedMessageException.class, () -> HandoffTimings.from(negative)).getMessage().contains("negative"));
    }
}
