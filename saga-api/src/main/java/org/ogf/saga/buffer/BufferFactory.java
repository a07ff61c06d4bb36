package org.ogf.saga.buffer;

import org.ogf.saga.bootstrap.ImplementationBootstrapLoader;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.NoSuccessException;

/** Creates buffers: on the application's bytes, of a given size, or of a size the implementation chooses. */
public abstract class BufferFactory {
    protected abstract Buffer doCreateBuffer(byte[] data) throws BadParameterException,
            NoSuccessException;

    /** Implementations: an implementation-managed buffer; -1 means "allocate on first use". */
    protected abstract Buffer doCreateBuffer(int size) throws BadParameterException,
            NoSuccessException;

    private static BufferFactory factory(String factoryName) throws NoSuccessException {
        return ImplementationBootstrapLoader.getBufferFactory(factoryName);
    }

    public static Buffer createBuffer(String factoryName, byte[] data) throws BadParameterException, NoSuccessException {
        return factory(factoryName).doCreateBuffer(data);
    }

    public static Buffer createBuffer(String factoryName, int size) throws BadParameterException, NoSuccessException {
        return factory(factoryName).doCreateBuffer(size);
    }

    public static Buffer createBuffer(String factoryName) throws BadParameterException,
            NoSuccessException {
        return factory(factoryName).doCreateBuffer(-1);
    }

    public static Buffer createBuffer(byte[] data) throws BadParameterException,
            NoSuccessException {
        return createBuffer(null, data);
    }

    public static Buffer createBuffer(int size) throws BadParameterException,
            NoSuccessException {
        return createBuffer(null, size);
    }

    public static Buffer createBuffer() throws BadParameterException, NoSuccessException {
        return createBuffer((String) null);
    }
}
