package eu.xtreemos.gecko;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/** {@link StateCodec#javaSerialization()}: classes resolved by the thread's context class loader (the application's). */
final class JavaSerializationCodec<S extends Serializable> implements StateCodec<S> {
    private static final ObjectInputFilter LIMITS = ObjectInputFilter.Config.createFilter("maxdepth=100;maxrefs=100000");

    @Override
    public byte[] encode(S state) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(state);
        }
        return b.toByteArray();
    }

    @Override
    @SuppressWarnings("unchecked")
    public S decode(byte[] bytes) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                ClassLoader l = Thread.currentThread().getContextClassLoader();
                if (l != null) {
                    try {
                        return Class.forName(desc.getName(), false, l);
                    } catch (ClassNotFoundException e) {
                        // fall back to the default resolution
                    }
                }
                return super.resolveClass(desc);
            }
        }) {
            in.setObjectInputFilter(LIMITS);
            return (S) in.readObject();
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new InvalidClassException("the handler state names a class this node does not have: " + e.getMessage());
        }
    }
}
