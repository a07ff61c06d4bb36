package eu.xtreemos.ds.nft;

import eu.xtreemos.ds.rtnl.MessageBuilder;
import eu.xtreemos.ds.rtnl.NetlinkException;
import eu.xtreemos.ds.rtnl.NetlinkSocket;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static eu.xtreemos.ds.kernel.LibC.NETLINK_NETFILTER;

/**
 * Map elements of an nftables table changed over nf_tables netlink ({@code NFNL_SUBSYS_NFTABLES}), the protocol the
 * {@code nft} command speaks (linux/netfilter/nf_tables.h): a transaction is one datagram, a batch of element
 * deletions and additions, applied whole or not at all, in microseconds and without a process. The table and its
 * maps are made by {@code nft} ({@link NftTable#load}); this only changes elements. The socket belongs to the
 * network namespace of the thread that opened it.
 */
final class NftElements implements AutoCloseable {
    private static final int NFNL_SUBSYS_NFTABLES = 10;
    private static final int NFNL_MSG_BATCH_BEGIN = 16, NFNL_MSG_BATCH_END = 17;
    private static final int NFT_MSG_NEWSETELEM = 12, NFT_MSG_DELSETELEM = 14;
    private static final int NFTA_SET_ELEM_LIST_TABLE = 1, NFTA_SET_ELEM_LIST_SET = 2, NFTA_SET_ELEM_LIST_ELEMENTS = 3;
    private static final int NFTA_LIST_ELEM = 1, NFTA_SET_ELEM_KEY = 1, NFTA_SET_ELEM_DATA = 2, NFTA_DATA_VALUE = 1;
    private static final int NLM_F_CREATE = 0x400;

    /** One element change: {@code data} null deletes the key. Key and data are the registers' bytes (addresses: 16 each). */
    record Change(String set, byte[] key, byte[] data) {
    }

    private final NetlinkSocket socket;
    private final int family;
    private final String table;

    private NftElements(NetlinkSocket socket, int family, String table) {
        this.socket = socket;
        this.family = family;
        this.table = table;
    }

    /** Opens a socket in the calling thread's network namespace for the table {@code table} of {@code family} (NFPROTO_*). */
    static NftElements open(int family, String table) throws IOException {
        try {
            return new NftElements(NetlinkSocket.open(NETLINK_NETFILTER, Duration.ofSeconds(2)), family, table);
        } catch (NetlinkException e) {
            throw new IOException("nf_tables netlink: " + e.getMessage(), e);
        }
    }

    /** Applies the changes as one transaction. */
    void apply(String what, List<Change> changes) throws IOException {
        if (changes.isEmpty()) {
            return;
        }
        List<byte[]> messages = new ArrayList<>();
        for (Change c : changes) {
            boolean add = c.data() != null;
            MessageBuilder m = new MessageBuilder(NFNL_SUBSYS_NFTABLES << 8 | (add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM),
                    add ? NLM_F_CREATE : 0);
            nfgenmsg(m, family, 0);
            m.attrString(NFTA_SET_ELEM_LIST_TABLE, table).attrString(NFTA_SET_ELEM_LIST_SET, c.set())
                    .beginNested(NFTA_SET_ELEM_LIST_ELEMENTS).beginNested(NFTA_LIST_ELEM)
                    .beginNested(NFTA_SET_ELEM_KEY).attr(NFTA_DATA_VALUE, c.key()).endNested();
            if (add) {
                m.beginNested(NFTA_SET_ELEM_DATA).attr(NFTA_DATA_VALUE, c.data()).endNested();
            }
            messages.add(m.endNested().endNested().build());
        }
        try {
            socket.batch(what, framing(NFNL_MSG_BATCH_BEGIN), messages, framing(NFNL_MSG_BATCH_END));
        } catch (NetlinkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** A batch marker: subsystem nf_tables in res_id (big-endian), family unspecified. */
    private static byte[] framing(int type) {
        MessageBuilder m = new MessageBuilder(type, 0);
        nfgenmsg(m, 0, NFNL_SUBSYS_NFTABLES);
        return m.build();
    }

    /** {@code struct nfgenmsg}: family, version 0, res_id in network order. */
    private static void nfgenmsg(MessageBuilder m, int family, int resId) {
        m.u8(family).u8(0).bytes(new byte[] {(byte) (resId >> 8), (byte) resId});
    }

    @Override
    public void close() {
        socket.close();
    }
}
