package eu.xtreemos.ds.nft;

import eu.xtreemos.ds.probe.Capability;
import eu.xtreemos.ds.probe.RequiresKernel;
import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Map elements changed over nf_tables netlink, checked against what the nft command lists. */
@RequiresKernel(Capability.NFT_REWRITE)
class NftTableTest {
    private static String list(String map) throws IOException {
        return new String(new ProcessBuilder("nft", "list", "map", "ip6", "ds_test", map).redirectErrorStream(true).start()
                .getInputStream().readAllBytes());
    }

    @Test
    void elementsAreAddedReplacedAndRemovedInOneTransactionEach() throws Exception {
        try (ScratchNamespace s = new ScratchNamespace("nftt")) {
            s.ns.call(() -> {
                try (NftTable t = NftTable.load("ip6", "ds_test", List.of("map one { type ipv6_addr : ipv6_addr; }",
                        "map two { type ipv6_addr . ipv6_addr : ipv6_addr; }"), List.of())) {
                    t.put("one", "fd00::1", "fd00::a");
                    t.put("two", "fd00::1 . fd00::2", "fd00::b");
                    assertTrue(list("one").contains("fd00::1 : fd00::a"), list("one"));
                    assertTrue(list("two").contains("fd00::1 . fd00::2 : fd00::b"), list("two"));
                    t.put("one", "fd00::1", "fd00::c"); // replaced: deleted and added in one batch
                    assertTrue(list("one").contains("fd00::1 : fd00::c") && !list("one").contains("fd00::a"), list("one"));
                    t.apply(List.of(NftTable.Change.remove("one", "fd00::1"), NftTable.Change.remove("two", "fd00::1 . fd00::2")));
                    assertFalse(list("one").contains("fd00::1"), list("one"));
                    assertFalse(list("two").contains("fd00::1"), list("two"));

                    IOException e = assertThrows(IOException.class, () -> t.put("three", "fd00::1", "fd00::2"));
                    assertTrue(e.getMessage().contains("add element ip6 ds_test three") && e.getMessage().contains("No such file or directory"),
                            e.getMessage());
                    t.put("one", "fd00::5", "fd00::6"); // the socket still works after a refused batch
                    assertTrue(list("one").contains("fd00::5 : fd00::6"), list("one"));
                }
                return null;
            });
        }
    }
}
