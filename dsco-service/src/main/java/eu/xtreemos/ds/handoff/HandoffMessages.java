package eu.xtreemos.ds.handoff;

import eu.xtreemos.ds.tcp.ConnectionStateCodec;
import eu.xtreemos.ds.tcp.InvalidStateException;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The node-to-node handoff messages (docs/handoff-protocol.md): an offer carrying a client's connection
 * states and the application's state, and the receiver's verdict. Reading never trusts a length it
 * has not checked against a limit.
 */
final class HandoffMessages {
    static final int OFFER_MAGIC = 0x4453484f;   // "DSHO"
    static final int VERDICT_MAGIC = 0x44534856; // "DSHV"
    static final int VERSION = 1;
    static final int MAX_CONNECTIONS = 64;
    static final int MAX_APP_STATE = 1 << 20;
    static final int MAX_MESSAGE = 4096;

    record Offer(InetAddress client, byte[] appState, List<byte[]> states) {
    }

    record Verdict(boolean accepted, String message, long restoreNanos, long redirectNanos, long activateNanos) {
    }

    private HandoffMessages() {
    }

    static void writeOffer(DataOutputStream out, Offer o) throws IOException {
        out.writeInt(OFFER_MAGIC);
        out.writeShort(VERSION);
        byte[] addr = o.client().getAddress();
        out.writeByte(o.client() instanceof Inet4Address ? 4 : 6);
        out.write(Arrays.copyOf(addr, 16));
        out.writeInt(o.appState().length);
        out.write(o.appState());
        out.writeShort(o.states().size());
        for (byte[] s : o.states()) {
            out.writeInt(s.length);
            out.write(s);
        }
        out.flush();
    }

    /** Reads an offer; a malformed one raises {@link InvalidStateException} naming what is wrong. */
    static Offer readOffer(DataInputStream in) throws IOException, InvalidStateException {
        int magic = in.readInt();
        if (magic != OFFER_MAGIC) {
            throw new InvalidStateException("not a handoff offer (magic " + Integer.toHexString(magic) + ")");
        }
        int version = in.readUnsignedShort();
        if (version != VERSION) {
            throw new InvalidStateException("handoff protocol version " + version + " not supported (this node speaks " + VERSION + ")");
        }
        int family = in.readUnsignedByte();
        byte[] addr = new byte[16];
        in.readFully(addr);
        InetAddress client;
        if (family == 4) {
            client = InetAddress.getByAddress(Arrays.copyOf(addr, 4));
        } else if (family == 6) {
            client = InetAddress.getByAddress(addr);
        } else {
            throw new InvalidStateException("client address family " + family + ", expected 4 or 6");
        }
        int appLen = in.readInt();
        if (appLen < 0 || appLen > MAX_APP_STATE) {
            throw new InvalidStateException("application state of " + appLen + " bytes (limit " + MAX_APP_STATE + ")");
        }
        byte[] app = new byte[appLen];
        in.readFully(app);
        int count = in.readUnsignedShort();
        if (count < 1 || count > MAX_CONNECTIONS) {
            throw new InvalidStateException("offer with " + count + " connections (allowed 1.." + MAX_CONNECTIONS + ")");
        }
        List<byte[]> states = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int len = ConnectionStateCodec.checkAnnouncedLength(in.readInt() & 0xffffffffL);
            byte[] s = new byte[len];
            in.readFully(s);
            states.add(s);
        }
        return new Offer(client, app, states);
    }

    static void writeVerdict(DataOutputStream out, Verdict v) throws IOException {
        out.writeInt(VERDICT_MAGIC);
        out.writeBoolean(v.accepted());
        byte[] msg = v.message().getBytes(StandardCharsets.UTF_8);
        int len = Math.min(msg.length, MAX_MESSAGE);
        out.writeShort(len);
        out.write(msg, 0, len);
        out.writeLong(v.restoreNanos());
        out.writeLong(v.redirectNanos());
        out.writeLong(v.activateNanos());
        out.flush();
    }

    static Verdict readVerdict(DataInputStream in) throws IOException {
        if (in.readInt() != VERDICT_MAGIC) {
            throw new IOException("receiver answered something that is not a handoff verdict");
        }
        boolean ok = in.readBoolean();
        int len = in.readUnsignedShort();
        if (len > MAX_MESSAGE) {
            throw new IOException("verdict message of " + len + " bytes (limit " + MAX_MESSAGE + ")");
        }
        byte[] msg = new byte[len];
        in.readFully(msg);
        return new Verdict(ok, new String(msg, StandardCharsets.UTF_8), in.readLong(), in.readLong(), in.readLong());
    }
}
