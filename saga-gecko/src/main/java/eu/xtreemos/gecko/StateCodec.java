package eu.xtreemos.gecko;

import java.io.IOException;
import java.io.Serializable;

/**
 * Turns a handler's state into the bytes a handoff carries, and back on the receiving node. The default,
 * {@link #javaSerialization()}, uses Java serialization; an application with its own compact encoding can give
 * one to {@link Gecko.Builder#stateCodec}.
 *
 * @param <S> the handlers' state
 */
public interface StateCodec<S extends Serializable> {
    /** The bytes of {@code state}. */
    byte[] encode(S state) throws IOException;

    /** The state {@code bytes} encode. */
    S decode(byte[] bytes) throws IOException;

    /**
     * Java serialization. The bytes come only from the nodes of the same distributed server, through their dsco
     * daemons (which authenticate each other with the cluster key); reading still refuses graphs deeper than
     * 100 objects or with more than 100 000 references, so a damaged state cannot exhaust memory.
     */
    static <S extends Serializable> StateCodec<S> javaSerialization() {
        return new JavaSerializationCodec<>();
    }
}
