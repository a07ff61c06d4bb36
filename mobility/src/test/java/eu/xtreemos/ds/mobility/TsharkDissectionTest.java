package eu.xtreemos.ds.mobility;

import static eu.xtreemos.ds.mobility.Addresses.CARE_OF;
import static eu.xtreemos.ds.mobility.Addresses.CORRESPONDENT;
import static eu.xtreemos.ds.mobility.Addresses.HOME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Wireshark as an independent reader: a whole signalling exchange and every message type are written to
 * target/mobility-signalling.pcap and dissected with {@code tshark -V}; nothing may be malformed or
 * flagged, and tshark must read the types we wrote. Skipped when tshark is not installed (bin/setup
 * installs it). Note: tshark 4.0 shows the Mobility Header checksum but does not verify it; the
 * kernel does (MhSocketNamespaceTest).
 */
class TsharkDissectionTest {
    private static final Path PCAP = Path.of("target", "mobility-signalling.pcap");

    private static List<OutgoingMessage> signalling() {
        MutableClock clock = new MutableClock();
        BindingCache cache = new BindingCache(clock);
        CorrespondentSignalling cn = new CorrespondentSignalling(NonceTable.withDefaults(clock, new Random(1)), cache);
        BindingUpdateList mn = new BindingUpdateList(clock, new Random(2));
        List<OutgoingMessage> sent = new ArrayList<>();

        sent.add(new OutgoingMessage(new BindingRefreshRequest(), CORRESPONDENT, HOME));
        BindingUpdateList.ReturnRoutabilityStart start = mn.startReturnRoutability(CORRESPONDENT, HOME, CARE_OF);
        for (OutgoingMessage init : List.of(start.homeTestInit(), start.careOfTestInit())) {
            sent.add(init);
            OutgoingMessage reply = cn.handle(Wire.deliver(init).wire(), init.source(), init.destination(), null)
                    .replies().get(0);
            sent.add(reply);
            if (reply.message() instanceof HomeTest hot) {
                mn.acceptHomeTest(CORRESPONDENT, HOME, hot);
            } else {
                mn.acceptCareOfTest(CORRESPONDENT, HOME, (CareOfTest) reply.message());
            }
        }
        OutgoingMessage bu = mn.bindingUpdate(CORRESPONDENT, HOME, 64);
        sent.add(bu);
        sent.add(cn.handle(Wire.deliver(bu).wire(), bu.source(), bu.destination(), null).replies().get(0));
        sent.add(new OutgoingMessage(new BindingError(BindingError.UNRECOGNIZED_MH_TYPE, HOME), CORRESPONDENT, HOME));
        // a home registration's acknowledgement with refresh advice, and an update with a later RFC's option
        sent.add(new OutgoingMessage(new BindingAcknowledgement(0, false, 9, 100,
                List.of(new BindingRefreshAdvice(50))), CORRESPONDENT, CARE_OF));
        sent.add(new OutgoingMessage(new BindingUpdate(10, true, true, false, false, 100,
                List.of(new UnknownOption(8, new byte[] {1, 2, 3}))), CARE_OF, CORRESPONDENT));
        return sent;
    }

    @Test
    void tsharkReadsEveryMessageCleanly() throws Exception {
        assumeTrue(tsharkInstalled(), "tshark is not installed: skipping the Wireshark dissection check");
        List<OutgoingMessage> sent = signalling();
        Files.createDirectories(PCAP.getParent());
        try (PcapWriter w = new PcapWriter(PCAP)) {
            for (OutgoingMessage m : sent) {
                w.writeMobilityHeader(m.source(), m.destination(), m.encodeWithChecksum());
            }
        }
        String verbose = run("tshark", "-n", "-r", PCAP.toString(), "-V");
        for (String bad : List.of("Malformed", "Expert Info (Error", "Expert Info (Warn", "[Checksum Status: Bad]",
                "incorrect", "Unknown option")) {
            assertFalse(verbose.contains(bad), () -> "tshark says '" + bad + "':\n" + verbose);
        }
        String types = run("tshark", "-n", "-r", PCAP.toString(), "-T", "fields", "-e", "mip6.mhtype");
        List<String> expected = sent.stream().map(m -> String.valueOf(m.message().type().code())).toList();
        assertEquals(expected, types.lines().map(String::strip).toList());
    }

    private static boolean tsharkInstalled() {
        try {
            return run("tshark", "-v").contains("TShark");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
