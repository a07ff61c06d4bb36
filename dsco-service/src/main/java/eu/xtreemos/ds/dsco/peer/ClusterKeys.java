package eu.xtreemos.ds.dsco.peer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The cluster keys a node accepts: the current key, and during a rotation the previous one too. A link is
 * authenticated with the first key of the initiator's list that the responder also holds, so a node that
 * holds {new, old} talks to nodes that hold only the old key and to nodes that hold only the new one.
 * Each key is named on the wire and in logs by its id, a truncated HMAC of a fixed label (it does not reveal
 * the key).
 */
public final class ClusterKeys {
    public static final int ID_LEN = 8;
    /** The current key and at most one previous key. */
    public static final int MAX = 2;

    private final List<byte[]> keys;
    private final List<byte[]> ids = new ArrayList<>();

    private ClusterKeys(List<byte[]> keys) {
        this.keys = keys;
        for (byte[] k : keys) {
            ids.add(Arrays.copyOf(HmacSha256.of(k, "dsco cluster key id".getBytes(StandardCharsets.US_ASCII)), ID_LEN));
        }
    }

    /** One key: no rotation under way. */
    public static ClusterKeys of(byte[] current) {
        return new ClusterKeys(List.of(current.clone()));
    }

    /** The current key and the previous one ({@code previous} null: none). */
    public static ClusterKeys of(byte[] current, byte[] previous) {
        if (previous == null) {
            return of(current);
        }
        if (MessageDigest.isEqual(current, previous)) {
            throw new IllegalArgumentException("the previous cluster key is the same as the current one");
        }
        return new ClusterKeys(List.of(current.clone(), previous.clone()));
    }

    /** Reads the key files ({@code previous} null: none); the files are checked by the config loaders. */
    public static ClusterKeys read(Path current, Path previous) throws IOException {
        return of(Files.readAllBytes(current), previous == null ? null : Files.readAllBytes(previous));
    }

    /** Newest first. */
    public List<byte[]> keys() {
        return keys;
    }

    /** The ids of {@link #keys()}, in the same order. */
    public List<byte[]> ids() {
        return ids;
    }

    /** The key whose id is {@code id}, or null if this node does not hold it. */
    public byte[] byId(byte[] id) {
        for (int i = 0; i < ids.size(); i++) {
            if (MessageDigest.isEqual(ids.get(i), id)) {
                return keys.get(i);
            }
        }
        return null;
    }

    /** "[1a2b3c4d5e6f7081, ...]": the ids as hex, for log lines. */
    public static String describe(List<byte[]> ids) {
        List<String> out = new ArrayList<>();
        for (byte[] id : ids) {
            out.add(HexFormat.of().formatHex(id));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "cluster keys " + describe(ids);
    }
}
