package org.ogf.saga.stream;

import org.ogf.saga.SagaObject;
import org.ogf.saga.attributes.AsyncAttributes;
import org.ogf.saga.buffer.Buffer;
import org.ogf.saga.context.Context;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.error.SagaIOException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.monitoring.AsyncMonitorable;
import org.ogf.saga.monitoring.Metric;
import org.ogf.saga.task.Async;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

/**
 * A connected byte stream (GFD.90, section 4.5), client side (created on a URL, then {@link #connect}) or
 * server side (returned by {@link StreamServer#serve}, already OPEN). States: {@link StreamState}.
 * Attributes: {@value #BUFSIZE}, {@value #TIMEOUT}, {@value #BLOCKING}, {@value #COMPRESSION},
 * {@value #NODELAY}, {@value #RELIABLE}. Metrics: {@value #STREAM_STATE}, {@value #STREAM_READ},
 * {@value #STREAM_WRITE}, {@value #STREAM_EXCEPTION}, {@value #STREAM_DROPPED}. I/O on a stream that is
 * not OPEN throws {@link IncorrectStateException}.
 */
public interface Stream extends SagaObject, Async, AsyncAttributes<Stream>, AsyncMonitorable<Stream>, AutoCloseable {
    /** Attribute: size of the send buffer, in bytes. */
    String BUFSIZE = "Bufsize";
    /** Attribute: idle time, in seconds, before the stream is dropped. */
    String TIMEOUT = "Timeout";
    /** Attribute: whether read and write block ("True") or return at once ("False"). */
    String BLOCKING = "Blocking";
    /** Attribute: whether data is compressed. */
    String COMPRESSION = "Compression";
    /** Attribute: whether data is sent without delay (TCP_NODELAY). */
    String NODELAY = "Nodelay";
    /** Attribute: whether every byte must arrive. */
    String RELIABLE = "Reliable";

    /** Metric: the stream's state changed; the value is the new state. */
    String STREAM_STATE = "stream.state";
    /** Metric: the stream became readable. */
    String STREAM_READ = "stream.read";
    /** Metric: the stream became writable. */
    String STREAM_WRITE = "stream.write";
    /** Metric: the stream has an error condition. */
    String STREAM_EXCEPTION = "stream.exception";
    /** Metric: the other side closed the stream. */
    String STREAM_DROPPED = "stream.dropped";

    /** The URL the stream was created on (for a served stream: the server's URL). */
    URL getUrl() throws NotImplementedException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, IncorrectStateException, TimeoutException, NoSuccessException;

    /** The other side's security context (a copy). */
    Context getContext() throws NotImplementedException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, IncorrectStateException, TimeoutException, NoSuccessException;

    /**
     * Connects a NEW stream to its URL; the stream becomes OPEN.
     *
     * @throws IncorrectStateException the stream is not NEW
     */
    void connect() throws NotImplementedException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, IncorrectStateException, TimeoutException, NoSuccessException;

    /**
     * Connects within {@code timeoutInSeconds} (negative: no limit).
     *
     * @throws TimeoutException not connected in time
     */
    void connect(float timeoutInSeconds) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, IncorrectStateException, TimeoutException,
            NoSuccessException;

    /**
     * Waits until one of the {@link Activity} bits in {@code what} applies.
     *
     * @return the activities that apply
     */
    int waitFor(int what) throws NotImplementedException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, IncorrectStateException, NoSuccessException;

    /**
     * Waits at most {@code timeoutInSeconds} (negative: no limit) for one of the activities in {@code what}.
     *
     * @return the activities that apply, 0 if the time ran out
     */
    int waitFor(int what, float timeoutInSeconds) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, IncorrectStateException, NoSuccessException;

    /** Closes the stream (state CLOSED); closing a closed stream does nothing. */
    @Override
    void close() throws NotImplementedException, NoSuccessException;

    void close(float timeoutInSeconds) throws NotImplementedException, NoSuccessException;

    /**
     * Reads at most {@code len} bytes into {@code buffer}; waits for at least one byte when blocking.
     *
     * @return the number of bytes read; 0 when the other side closed the stream (then DROPPED)
     * @throws BadParameterException   the application-managed buffer is smaller than {@code len}
     * @throws IncorrectStateException the stream is not OPEN
     * @throws TimeoutException        nothing arrived within the {@value #TIMEOUT} attribute
     */
    int read(Buffer buffer, int len) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, IncorrectStateException,
            TimeoutException, NoSuccessException, SagaIOException;

    /** Reads at most the buffer's size. */
    int read(Buffer buffer) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, IncorrectStateException,
            TimeoutException, NoSuccessException, SagaIOException;

    /** The stream as an {@link java.io.InputStream}. */
    StreamInputStream getInputStream() throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, IncorrectStateException, TimeoutException,
            NoSuccessException, SagaIOException;

    /**
     * Writes {@code len} bytes of {@code buffer} (all of them when blocking).
     *
     * @return the number of bytes written
     * @throws BadParameterException the buffer holds fewer than {@code len} bytes
     */
    int write(Buffer buffer, int len) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, IncorrectStateException,
            TimeoutException, NoSuccessException, SagaIOException;

    /** Writes the whole buffer. */
    int write(Buffer buffer) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, IncorrectStateException,
            TimeoutException, NoSuccessException, SagaIOException;

    /** The stream as an {@link java.io.OutputStream}. */
    StreamOutputStream getOutputStream() throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, IncorrectStateException, TimeoutException,
            NoSuccessException, SagaIOException;

    /**
     * The stream's state now (an addition to the binding): the value of the {@value #STREAM_STATE} metric. A
     * default method, so a Stream written to the binding need not implement it.
     *
     * @throws IllegalStateException the metric cannot be read or holds no state's name
     */
    default StreamState getState() {
        try {
            return StreamState.valueOf(getMetric(STREAM_STATE).getAttribute(Metric.VALUE));
        } catch (SagaException | IllegalArgumentException e) {
            throw new IllegalStateException("the stream's " + STREAM_STATE + " metric gives no state: " + e, e);
        }
    }

    Task<Stream, URL> getUrl(TaskMode mode) throws NotImplementedException;

    Task<Stream, Context> getContext(TaskMode mode) throws NotImplementedException;

    Task<Stream, Void> connect(TaskMode mode) throws NotImplementedException;

    Task<Stream, Void> connect(TaskMode mode, float timeoutInSeconds) throws NotImplementedException;

    Task<Stream, Integer> waitFor(TaskMode mode, int what) throws NotImplementedException;

    Task<Stream, Integer> waitFor(TaskMode mode, int what, float timeoutInSeconds) throws NotImplementedException;

    Task<Stream, Void> close(TaskMode mode) throws NotImplementedException;

    Task<Stream, Void> close(TaskMode mode, float timeoutInSeconds) throws NotImplementedException;

    Task<Stream, Integer> read(TaskMode mode, Buffer buffer, int len) throws NotImplementedException;

    Task<Stream, Integer> read(TaskMode mode, Buffer buffer) throws NotImplementedException;

    Task<Stream, StreamInputStream> getInputStream(TaskMode mode) throws NotImplementedException;

    Task<Stream, Integer> write(TaskMode mode, Buffer buffer, int len) throws NotImplementedException;

    Task<Stream, Integer> write(TaskMode mode, Buffer buffer) throws NotImplementedException;

    Task<Stream, StreamOutputStream> getOutputStream(TaskMode mode) throws NotImplementedException;
}
