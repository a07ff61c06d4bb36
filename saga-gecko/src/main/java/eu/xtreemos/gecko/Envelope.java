package eu.xtreemos.gecko;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a handoff carries for Gecko, as the application state of the XOSAGA handoff: per connection (in the
 * order of the client's ports, the order the receiving node gets the streams in) its id and the output not yet
 * sent; the next connection id; and the handler's state as its codec made it.
 *
 * <pre>
 * "GK" version(1) nextId:int count:int { id:int pendingLength:int pending[] }* stateLength:int state[]
 * </pre>
 */
record Envelope(int nextId, List<Conn> conns, byte[] state) {
    private static final short MAGIC = 0x474b; // "GK"
    private static final byte VERSION = 1;

    /** One connection: its id and the bytes written to it but not sent yet. */
    record Conn(int id, byte[] pending) {
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(b);
            out.writeShort(MAGIC);
            out.writeByte(VERSION);
            out.writeInt(nextId);
            out.writeInt(conns.size());
            for (Conn c : conns) {
                out.writeInt(c.id());
                out.writeInt(c.pending().length);
                out.write(c.pending());
            }
            out.writeInt(state.length);
            out.write(state);
            return b.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    /**
     * Reads an envelope.
     *
     * @throws IOException not an envelope of this version, or cut short
     */
    static Envelope decode(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (bytes.length < 3 || in.readShort() != MAGIC) {
            throw new IOException("the client arrived without Gecko's state (" + bytes.length
                    + " bytes): the node that handed it off does not run this application with Gecko");
        }
        int version = in.readByte();
        if (version != VERSION) {
            throw new IOException("the client arrived with Gecko state version " + version + ", this node reads " + VERSION);
        }
        int nextId = in.readInt();
        int n = in.readInt();
        if (n < 0 || n > bytes.length) {
            throw new IOException("Gecko state: " + n + " connections is not a count");
        }
        List<Conn> conns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = in.readInt();
            conns.add(new Conn(id, in.readNBytes(length(in, bytes))));
        }
        byte[] state = in.readNBytes(length(in, bytes));
        return new Envelope(nextId, conns, state);
    }

    private static int length(DataInputStream in, byte[] all) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > all.length) {
            throw new IOException("Gecko state: length " + len + " does not fit in " + all.length + " bytes");
        }
        return len;
    }
}
