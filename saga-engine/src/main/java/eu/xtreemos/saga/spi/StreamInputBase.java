package eu.xtreemos.saga.spi;

import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.error.SagaIOException;
import org.ogf.saga.session.Session;
import org.ogf.saga.stream.StreamInputStream;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

import java.io.IOException;
import java.util.UUID;

/**
 * What a {@link StreamInputStream} implementation has besides its {@link java.io.InputStream} methods: the SAGA
 * object's session and id, and each call's task form, which runs the call as a {@link TaskImpl}. A call that
 * throws {@link IOException} fails its task with the {@link SagaException} the IOException carries as its cause,
 * else with a {@link SagaIOException}.
 */
public abstract class StreamInputBase extends StreamInputStream {
    private final Session session;
    private String id = UUID.randomUUID().toString();

    /** @param session the session of the stream this reads, or null */
    protected StreamInputBase(Session session) {
        this.session = session;
    }

    @Override
    public Session getSession() throws DoesNotExistException {
        if (session == null) {
            throw new DoesNotExistException("this stream input " + id + " belongs to no session");
        }
        return session;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        StreamInputBase c = (StreamInputBase) super.clone();
        c.id = UUID.randomUUID().toString();
        return c;
    }

    /** An InputStream call, as a task body. */
    @FunctionalInterface
    protected interface IoCall<E> {
        E call() throws IOException;
    }

    /** The task form of {@code call}. */
    protected <E> Task<StreamInputStream, E> task(TaskMode mode, IoCall<E> call) {
        return TaskImpl.create(mode, session, this, () -> {
            try {
                return call.call();
            } catch (IOException e) {
                throw StreamOutputBase.sagaOf(e, this);
            }
        });
    }

    @Override
    public Task<StreamInputStream, Integer> read(TaskMode mode) {
        return task(mode, this::read);
    }

    @Override
    public Task<StreamInputStream, Integer> read(TaskMode mode, byte[] b, int off, int len) {
        return task(mode, () -> read(b, off, len));
    }

    @Override
    public Task<StreamInputStream, Long> skip(TaskMode mode, long n) {
        return task(mode, () -> skip(n));
    }

    @Override
    public Task<StreamInputStream, Integer> available(TaskMode mode) {
        return task(mode, this::available);
    }

    @Override
    public Task<StreamInputStream, Void> close(TaskMode mode) {
        return task(mode, () -> {
            close();
            return null;
        });
    }

    @Override
    public Task<StreamInputStream, Void> mark(TaskMode mode, int readlimit) {
        return task(mode, () -> {
            mark(readlimit);
            return null;
        });
    }

    @Override
    public Task<StreamInputStream, Void> reset(TaskMode mode) {
        return task(mode, () -> {
            reset();
            return null;
        });
    }

    @Override
    public Task<StreamInputStream, Boolean> markSupported(TaskMode mode) {
        return task(mode, this::markSupported);
    }
}
