package eu.xtreemos.saga.spi;

import org.ogf.saga.SagaObject;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.error.SagaIOException;
import org.ogf.saga.session.Session;
import org.ogf.saga.stream.StreamOutputStream;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

import java.io.IOException;
import java.util.UUID;

/**
 * What a {@link StreamOutputStream} implementation has besides its {@link java.io.OutputStream} methods: the
 * SAGA object's session and id, and each call's task form, which runs the call as a {@link TaskImpl}. A call that
 * throws {@link IOException} fails its task with the {@link SagaException} the IOException carries as its cause,
 * else with a {@link SagaIOException}.
 */
public abstract class StreamOutputBase extends StreamOutputStream {
    private final Session session;
    private String id = UUID.randomUUID().toString();

    /** @param session the session of the stream this writes, or null */
    protected StreamOutputBase(Session session) {
        this.session = session;
    }

    @Override
    public Session getSession() throws DoesNotExistException {
        if (session == null) {
            throw new DoesNotExistException("this stream output " + id + " belongs to no session");
        }
        return session;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        StreamOutputBase c = (StreamOutputBase) super.clone();
        c.id = UUID.randomUUID().toString();
        return c;
    }

    /** An OutputStream call, as a task body. */
    @FunctionalInterface
    protected interface IoCall {
        void call() throws IOException;
    }

    /** The task form of {@code call}. */
    protected Task<StreamOutputStream, Void> task(TaskMode mode, IoCall call) {
        return TaskImpl.create(mode, session, this, () -> {
            try {
                call.call();
                return null;
            } catch (IOException e) {
                throw sagaOf(e, this);
            }
        });
    }

    /** The SAGA exception behind an IOException of a stream: its cause if that is one, else a SagaIOException. */
    static SagaException sagaOf(IOException e, SagaObject object) {
        if (e.getCause() instanceof SagaException s) {
            return s;
        }
        return new SagaIOException(String.valueOf(e.getMessage()), e, object);
    }

    @Override
    public Task<StreamOutputStream, Void> write(TaskMode mode, int b) {
        return task(mode, () -> write(b));
    }

    @Override
    public Task<StreamOutputStream, Void> write(TaskMode mode, byte[] b, int off, int len) {
        return task(mode, () -> write(b, off, len));
    }

    @Override
    public Task<StreamOutputStream, Void> flush(TaskMode mode) {
        return task(mode, this::flush);
    }

    @Override
    public Task<StreamOutputStream, Void> close(TaskMode mode) {
        return task(mode, this::close);
    }
}
