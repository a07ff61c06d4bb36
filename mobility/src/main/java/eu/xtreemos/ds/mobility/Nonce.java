package eu.xtreemos.ds.mobility;

import java.time.Instant;

/**
 * One of a correspondent's nonces (RFC 6275 §5.2.2), with the node key Kcn that was current when it was
 * made: an index names both (§5.2.7), so tokens made before a key change can still be checked.
 */
public record Nonce(int index, byte[] value, byte[] nodeKey, Instant created) {
    public Nonce {
        Fields.u16("nonce index", index);
        value = value.clone();
        nodeKey = nodeKey.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public byte[] nodeKey() {
        return nodeKey.clone();
    }

    @Override
    public String toString() {
        return "Nonce[index=" + index + ", created=" + created + "]"; // no secrets in logs
    }
}
