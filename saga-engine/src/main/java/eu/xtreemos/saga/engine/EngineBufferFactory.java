package eu.xtreemos.saga.engine;

import org.ogf.saga.buffer.Buffer;
import org.ogf.saga.buffer.BufferFactory;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.IncorrectStateException;

/** Buffers over byte arrays. */
final class EngineBufferFactory extends BufferFactory {
    @Override
    protected Buffer doCreateBuffer(byte[] data) throws BadParameterException {
        BufferImpl b = new BufferImpl();
        try {
            b.setData(data);
        } catch (IncorrectStateException e) {
            throw new AssertionError("a new buffer is open", e);
        }
        return b;
    }

    @Override
    protected Buffer doCreateBuffer(int size) throws BadParameterException {
        BufferImpl b = new BufferImpl();
        try {
            b.setSize(size);
        } catch (IncorrectStateException e) {
            throw new AssertionError("a new buffer is open", e);
        }
        return b;
    }
}
