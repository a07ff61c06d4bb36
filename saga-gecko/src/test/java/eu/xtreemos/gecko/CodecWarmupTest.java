package eu.xtreemos.gecko;

import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The codec warm-up round-trips envelopes and Java serialization, and never calls an application's own codec. */
class CodecWarmupTest {
    @Test
    void javaSerializationAndTheEnvelopeRoundTripEveryRound() {
        assertEquals(30, CodecWarmup.run(StateCodec.javaSerialization(), 30));
        assertEquals(0, CodecWarmup.run(StateCodec.javaSerialization(), 0));
    }

    @Test
    void anApplicationsOwnCodecIsNeverCalledWithAFakeState() {
        AtomicInteger calls = new AtomicInteger();
        StateCodec<Serializable> own = new StateCodec<>() {
            @Override
            public byte[] encode(Serializable state) {
                calls.incrementAndGet();
                return new byte[0];
            }

            @Override
            public Serializable decode(byte[] bytes) {
                calls.incrementAndGet();
                return null;
            }
        };
        assertEquals(30, CodecWarmup.run(own, 30));
        assertEquals(0, calls.get());
    }
}
