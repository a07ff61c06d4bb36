package eu.xtreemos.ds.tcp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * A dumped window is given back in the form the kernel's TCP_REPAIR_WINDOW accepts (tcp_repair_set_window refuses
 * snd_wl1 after rcv_nxt + rcv_wnd, and max_window below snd_wnd), changing nothing else.
 */
class TcpRepairWindowTest {
    // snd_wl1, snd_wnd, max_window, rcv_wnd, rcv_wup
    @Test
    void aConsistentWindowIsGivenBackAsItIs() {
        int[] w = {1000, 65536, 131072, 64000, 900};
        assertArrayEquals(w, TcpRepair.restorable(w, 1000));
        assertArrayEquals(w, TcpRepair.restorable(w, 5000)); // snd_wl1 before rcv_nxt
        int[] edge = {1000 + 64000, 65536, 65536, 64000, 1000}; // snd_wl1 at rcv_nxt + rcv_wnd exactly
        assertArrayEquals(edge, TcpRepair.restorable(edge, 1000));
    }

    @Test
    void snd_wl1BeyondTheReceiveWindowIsTakenBackToRcvNxt() {
        // the last window update came with an out-of-order segment beyond a hole the dump does not carry
        assertArrayEquals(new int[] {1000, 65536, 131072, 0, 1000},
                TcpRepair.restorable(new int[] {1460, 65536, 131072, 0, 1000}, 1000));
        assertArrayEquals(new int[] {1000, 65536, 131072, 4000, 900},
                TcpRepair.restorable(new int[] {9000, 65536, 131072, 4000, 900}, 1000));
    }

    @Test
    void sequenceNumbersWrapAround() {
        int rcvNxt = 0xfffff000; // rcv_nxt + rcv_wnd wraps past 2^32
        int[] inWindow = {0x00000100, 8192, 8192, 8192, 0xffffe000};
        assertArrayEquals(inWindow, TcpRepair.restorable(inWindow, rcvNxt));
        assertArrayEquals(new int[] {rcvNxt, 8192, 8192, 8192, 0xffffe000},
                TcpRepair.restorable(new int[] {0x00002000, 8192, 8192, 8192, 0xffffe000}, rcvNxt));
    }

    @Test
    void maxWindowBelowTheSendWindowIsRaisedToIt() {
        assertArrayEquals(new int[] {1000, 70000, 70000, 64000, 1000},
                TcpRepair.restorable(new int[] {1000, 70000, 65535, 64000, 1000}, 1000));
        // compared unsigned: a window of 2^31 or more is not negative
        assertArrayEquals(new int[] {1000, 0x80000000, 0x80000000, 64000, 1000},
                TcpRepair.restorable(new int[] {1000, 0x80000000, 65535, 64000, 1000}, 1000));
    }
}
