package eu.xtreemos.ds.dsco.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One message of the dsco API: a 12-byte header and a list of type-length-value attributes, carried
 * as one SOCK_SEQPACKET datagram (file descriptors ride along as SCM_RIGHTS). Layout in
 * docs/dsco-protocol.md. {@link #decode} refuses anything malformed with {@link MalformedMessageException}.
 */
public final class ApiMessage {
    public static final int VERSION = 2;
    public static final int HEADER = 12;
    public static final int MAX_SIZE = 128 * 1024;
    public static final int MAX_BLOB = 64 * 1024;
    public static final int MAX_ATTRS = 1024;
    public static final byte KIND_REQUEST = 1, KIND_REPLY = 2, KIND_EVENT = 3;

    public record Attribute(int type, byte[] value) {
        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    private final int kind;
    private final int op;
    private final int id;
    private final List<Attribute> attrs = new ArrayList<>();

    public ApiMessage(int kind, int op, int id) {
        this.kind = kind;
        this.op = op;
        this.id = id;
    }

    public static ApiMessage request(Op op, int id) {
        return new ApiMessage(KIND_REQUEST, op.code, id);
    }

    public static ApiMessage reply(ApiMessage request, Status status) {
        return new ApiMessage(KIND_REPLY, request.op, request.id).add(Attr.STATUS, (short) status.code);
    }

    public static ApiMessage error(ApiMessage request, Status status, String why) {
        return reply(request, status).add(Attr.ERROR, why);
    }

    public static ApiMessage event(Op op) {
        return new ApiMessage(KIND_EVENT, op.code, 0);
    }

    public int kind() {
        return kind;
    }

    public int opCode() {
        return op;
    }

    public Op op() {
        return Op.of(op);
    }

    public int id() {
        return id;
    }

    public List<Attribute> attributes() {
        return attrs;
    }

    public ApiMessage add(int type, byte[] value) {
        attrs.add(new Attribute(type, value));
        return this;
    }

    public ApiMessage add(int type, String value) {
        return add(type, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }

    public ApiMessage add(int type, InetAddress a) {
        return add(type, a.getAddress());
    }

    public ApiMessage add(int type, short v) {
        return add(type, ByteBuffer.allocate(2).putShort(v).array());
    }

    public ApiMessage add(int type, int v) {
        return add(type, ByteBuffer.allocate(4).putInt(v).array());
    }

    public ApiMessage add(int type, long v) {
        return add(type, ByteBuffer.allocate(8).putLong(v).array());
    }

    public Attribute first(int type) {
        for (Attribute a : attrs) {
            if (a.type() == type) {
                return a;
            }
        }
        return null;
    }

    public List<Attribute> all(int type) {
        List<Attribute> out = new ArrayList<>();
        for (Attribute a : attrs) {
            if (a.type() == type) {
                out.add(a);
            }
        }
        return out;
    }

    public String text(int type) throws MalformedMessageException {
        return required(type).text();
    }

    public String textOr(int type, String dflt) {
        Attribute a = first(type);
        return a == null ? dflt : a.text();
    }

    public InetAddress address(int type) throws MalformedMessageException {
        return toAddress(required(type));
    }

    public static InetAddress toAddress(Attribute a) throws MalformedMessageException {
        if (a.value().length != 4 && a.value().length != 16) {
            throw new MalformedMessageException("address attribute of " + a.value().length + " bytes (needs 4 or 16)");
        }
        try {
            return InetAddress.getByAddress(a.value());
        } catch (UnknownHostException e) {
            throw new MalformedMessageException(e.getMessage());
        }
    }

    public int u32(int type) throws MalformedMessageException {
        Attribute a = required(type);
        if (a.value().length != 4) {
            throw new MalformedMessageException("attribute " + type + " must be 4 bytes, is " + a.value().length);
        }
        return ByteBuffer.wrap(a.value()).getInt();
    }

    public long u64(int type) throws MalformedMessageException {
        return u64(required(type));
    }

    public static long u64(Attribute a) throws MalformedMessageException {
        if (a.value().length != 8) {
            throw new MalformedMessageException("attribute " + a.type() + " must be 8 bytes, is " + a.value().length);
        }
        return ByteBuffer.wrap(a.value()).getLong();
    }

    public int u16(int type) throws MalformedMessageException {
        Attribute a = required(type);
        if (a.value().length != 2) {
            throw new MalformedMessageException("attribute " + type + " must be 2 bytes, is " + a.value().length);
        }
        return ByteBuffer.wrap(a.value()).getShort() & 0xffff;
    }

    public Status status() {
        Attribute a = first(Attr.STATUS);
        return a == null || a.value().length != 2 ? Status.FAILED : Status.of(ByteBuffer.wrap(a.value()).getShort());
    }

    private Attribute required(int type) throws MalformedMessageException {
        Attribute a = first(type);
        if (a == null) {
            Op o = op();
            throw new MalformedMessageException((o == null ? "op " + op : o.name()) + " needs attribute " + type);
        }
        return a;
    }

    public byte[] encode() {
        int size = HEADER;
        for (Attribute a : attrs) {
            size += 4 + a.value().length;
        }
        if (size > MAX_SIZE) {
            throw new IllegalArgumentException("message of " + size + " bytes exceeds " + MAX_SIZE);
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put((byte) 'D').put((byte) 'S').put((byte) VERSION).put((byte) kind);
        b.putShort((short) op).putShort((short) attrs.size()).putInt(id);
        for (Attribute a : attrs) {
            b.putShort((short) a.type()).putShort((short) a.value().length).put(a.value());
        }
        return b.array();
    }

    public static ApiMessage decode(byte[] raw, int len) throws MalformedMessageException {
        if (len < HEADER) {
            throw new MalformedMessageException("message of " + len + " bytes is shorter than the " + HEADER + "-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(raw, 0, len);
        if (b.get() != 'D' || b.get() != 'S') {
            throw new MalformedMessageException("bad magic: not a dsco API message");
        }
        int version = b.get() & 0xff;
        if (version != VERSION) {
            throw new UnsupportedVersionException(version);
        }
        int kind = b.get();
        if (kind < KIND_REQUEST || kind > KIND_EVENT) {
            throw new MalformedMessageException("unknown message kind " + kind);
        }
        int op = b.getShort() & 0xffff;
        int count = b.getShort() & 0xffff;
        int id = b.getInt();
        if (count > MAX_ATTRS) {
            throw new MalformedMessageException(count + " attributes (limit " + MAX_ATTRS + ")");
        }
        ApiMessage m = new ApiMessage(kind, op, id);
        for (int i = 0; i < count; i++) {
            if (b.remaining() < 4) {
                throw new MalformedMessageException("attribute " + i + " of " + count + " is cut off");
            }
            int type = b.getShort() & 0xffff;
            int alen = b.getShort() & 0xffff;
            if (alen > b.remaining()) {
                throw new MalformedMessageException("attribute " + i + " (type " + type + ") says " + alen
                        + " bytes, only " + b.remaining() + " left");
            }
            if (type == Attr.BLOB && alen > MAX_BLOB) {
                throw new MalformedMessageException("application state of " + alen + " bytes exceeds " + MAX_BLOB);
            }
            byte[] v = new byte[alen];
            b.get(v);
            m.add(type, v);
        }
        if (b.hasRemaining()) {
            throw new MalformedMessageException(b.remaining() + " stray bytes after the last attribute");
        }
        return m;
    }

    @Override
    public String toString() {
        Op o = op();
        return (kind == KIND_REQUEST ? "request " : kind == KIND_REPLY ? "reply " : "event ")
                + (o == null ? "op " + op : o.name()) + " #" + id + " (" + attrs.size() + " attributes)";
    }
}
