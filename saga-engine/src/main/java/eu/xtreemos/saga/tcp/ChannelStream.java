package eu.xtreemos.saga.tcp;

import eu.xtreemos.saga.engine.BufferImpl;
import eu.xtreemos.saga.spi.AttributeStore;
import eu.xtreemos.saga.spi.AttributeSupport;
import eu.xtreemos.saga.spi.MetricImpl;
import eu.xtreemos.saga.spi.Metrics;
import eu.xtreemos.saga.spi.MonitorableSupport;
import eu.xtreemos.saga.spi.SagaCall;
import eu.xtreemos.saga.spi.SagaObjectBase;
import eu.xtreemos.saga.spi.TaskImpl;
import org.ogf.saga.buffer.Buffer;
import org.ogf.saga.context.Context;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.error.SagaIOException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.session.Session;
import org.ogf.saga.stream.Activity;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamInputStream;
import org.ogf.saga.stream.StreamOutputStream;
import org.ogf.saga.stream.StreamState;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * A SAGA stream over a plain kernel TCP connection ({@link SocketChannel}): the streams of {@code tcp://} URLs and
 * of the Distributed Servers adaptor. It keeps no bytes of its own: a read takes from the kernel only what it
 * returns, so at any moment every byte the application has not read is in the socket's queue, and moves with the
 * socket if an adaptor hands the connection to another process or node. The channel is non-blocking and waits in a
 * selector, so such an adaptor can stop and wake a blocked reader ({@link #freezeForHandoff}) without losing anything.
 *
 * <p>A connect that fails leaves the stream in state ERROR (a second connect is an {@link IncorrectStateException}).
 * Metrics: {@value #STREAM_STATE} on every state change, {@value #STREAM_READ} / {@value #STREAM_WRITE} when
 * {@link #waitFor} finds the stream readable / writable, {@value #STREAM_EXCEPTION} on ERROR, {@value #STREAM_DROPPED}
 * when the other side closed.
 */
public final class ChannelStream extends SagaObjectBase implements Stream, AttributeSupport<Stream>, MonitorableSupport<Stream> {
    private static final String TRUE = "True", FALSE = "False";

    private final URL url;
    private final InetSocketAddress target;
    private final AttributeStore attributes = new AttributeStore(false);
    private final Metrics metrics = new Metrics(this);
    private final MetricImpl stateMetric, readMetric, writeMetric, exceptionMetric, droppedMetric;
    private final IoGate reads = new IoGate(), writes = new IoGate();
    private volatile Consumer<ChannelStream> onGone = s -> { };

    private volatile SocketChannel channel;
    private volatile Selector readSelector, writeSelector;
    private volatile StreamState state;

    /** A client stream (state NEW) to {@code target}. */
    public ChannelStream(Session session, URL url, InetSocketAddress target) {
        super(session);
        this.url = url;
        this.target = target;
        this.state = StreamState.NEW;
        attributes.define(BUFSIZE, false, false, false, v -> v.matches("[1-9][0-9]{0,8}"), "a positive number of bytes")
                .define(TIMEOUT, false, false, false, v -> v.matches("-1|[0-9]+(\\.[0-9]+)?"), "seconds (-1: none)", "-1")
                .define(BLOCKING, false, false, false, v -> v.equals(TRUE) || v.equals(FALSE), "True or False", TRUE)
                .define(COMPRESSION, false, true, false, null, null, FALSE)
                .define(NODELAY, false, false, false, v -> v.equals(TRUE) || v.equals(FALSE), "True or False", FALSE)
                .define(RELIABLE, false, true, false, null, null, TRUE);
        stateMetric = metrics.add(STREAM_STATE, "the stream's state changed", "ReadOnly", "1", "Enum", state.name());
        readMetric = metrics.add(STREAM_READ, "the stream became readable", "ReadOnly", "1", "Trigger", "1");
        writeMetric = metrics.add(STREAM_WRITE, "the stream became writable", "ReadOnly", "1", "Trigger", "1");
        exceptionMetric = metrics.add(STREAM_EXCEPTION, "the stream failed", "ReadOnly", "1", "Trigger", "1");
        droppedMetric = metrics.add(STREAM_DROPPED, "the other side closed the stream", "ReadOnly", "1", "Trigger", "1");
    }

    /** A served stream, OPEN on a connected channel (accepted, or received in a handoff). */
    public static ChannelStream served(Session session, URL url, SocketChannel channel) throws IOException {
        ChannelStream s = new ChannelStream(session, url, (InetSocketAddress) channel.getRemoteAddress());
        s.open(channel);
        return s;
    }

    private void open(SocketChannel ch) throws IOException {
        watch(ch);
        attributes.put(BUFSIZE, String.valueOf(ch.getOption(StandardSocketOptions.SO_SNDBUF)));
        attributes.put(NODELAY, ch.getOption(StandardSocketOptions.TCP_NODELAY) ? TRUE : FALSE);
        channel = ch;
        setState(StreamState.OPEN);
    }

    /** Non-blocking, with a selector per direction to wait in. */
    private void watch(SocketChannel ch) throws IOException {
        ch.configureBlocking(false);
        readSelector = Selector.open();
        writeSelector = Selector.open();
        ch.register(readSelector, SelectionKey.OP_READ);
        ch.register(writeSelector, SelectionKey.OP_WRITE);
    }

    /**
     * Back to a plain blocking channel, registered nowhere. This matters for the handoff: the JDK closes a
     * channel still registered with a selector by shutting it down for writing first, which would send the
     * client a FIN from the donor.
     */
    private void unwatch(SocketChannel ch) throws IOException {
        readSelector.close();
        writeSelector.close();
        ch.configureBlocking(true);
    }

    /** Runs {@code c} once, when the stream leaves state OPEN (closed, dropped, failed or handed off). */
    public void onGone(Consumer<ChannelStream> c) {
        onGone = c;
    }

    /** The other side's address. */
    public InetSocketAddress remote() {
        return target;
    }

    public SocketChannel channel() {
        return channel;
    }

    private void setState(StreamState s) {
        StreamState old;
        synchronized (this) {
            old = state;
            if (old == s || old == StreamState.CLOSED || old == StreamState.DROPPED || old == StreamState.ERROR) {
                return;
            }
            state = s;
        }
        stateMetric.fire(s.name());
        if (s == StreamState.DROPPED) {
            droppedMetric.fire("1");
        } else if (s == StreamState.ERROR) {
            exceptionMetric.fire("1");
        }
        if (s != StreamState.OPEN) {
            reads.shut("stream is " + s);
            writes.shut("stream is " + s);
            release();
            onGone.accept(this);
        }
    }

    @Override
    public StreamState getState() {
        return state;
    }

    private void requireOpen(String call) throws IncorrectStateException {
        StreamState s = state;
        if (s != StreamState.OPEN) {
            String why = reads.shutReason();
            throw new IncorrectStateException(call + ": the stream is " + s + (why != null && why.contains("handed off") ? " (" + why + ")" : ""), this);
        }
    }

    // ------------------------------------------------------------------ handoff

    /** Stops all I/O and wakes blocked callers; returns the channel to hand off. */
    public SocketChannel freezeForHandoff() throws InterruptedException, IncorrectStateException {
        requireOpen("handoff");
        freeze();
        try {
            unwatch(channel);
        } catch (IOException e) {
            thaw();
            throw new IncorrectStateException("handoff: the stream's socket cannot be prepared: " + e.getMessage(), e, this);
        }
        return channel;
    }

    /**
     * Stops all I/O and wakes blocked callers, who wait; returns the channel, still watched and live, for a checkpoint
     * (dsco dumps it in repair mode, where a write fails and a read disturbs the dump). {@link #thaw} resumes.
     */
    public SocketChannel pauseForCheckpoint() throws InterruptedException, IncorrectStateException {
        requireOpen("checkpoint");
        freeze();
        return channel;
    }

    /** Both gates; a waitFor for writing waits in the write selector inside the reads gate, so that one wakes both. */
    private void freeze() throws InterruptedException {
        reads.freeze(() -> {
            readSelector.wakeup();
            writeSelector.wakeup();
        });
        writes.freeze(writeSelector::wakeup);
    }

    /** The handoff failed, or the checkpoint is done: I/O goes on here. */
    public void thaw() {
        try {
            if (!channel.isBlocking() || readSelector.isOpen()) {
                // never unwatched
            } else {
                watch(channel);
            }
        } catch (IOException e) {
            fail(e);
        }
        reads.thaw();
        writes.thaw();
    }

    /** The handoff succeeded: the socket is on {@code node} now; this stream is CLOSED. */
    public void handedOff(String node) {
        String why = "the client was handed off to " + node;
        reads.shut(why);
        writes.shut(why);
        setState(StreamState.CLOSED);
    }

    // ------------------------------------------------------------------ connect / close

    @Override
    public URL getUrl() {
        return url;
    }

    @Override
    public Context getContext() throws NotImplementedException {
        throw new NotImplementedException("a TCP stream has no security context: the other side is a plain TCP peer", this);
    }

    @Override
    public void connect() throws IncorrectStateException, TimeoutException, NoSuccessException {
        connect(-1f);
    }

    @Override
    public void connect(float timeoutInSeconds) throws IncorrectStateException, TimeoutException, NoSuccessException {
        synchronized (this) {
            if (state != StreamState.NEW) {
                throw new IncorrectStateException("connect: the stream is " + state + ", not NEW", this);
            }
        }
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            if (!ch.connect(target)) {
                try (Selector s = Selector.open()) {
                    ch.register(s, SelectionKey.OP_CONNECT);
                    long ms = timeoutInSeconds < 0 ? 0 : Math.max(1, (long) (timeoutInSeconds * 1000));
                    if (s.select(ms) == 0 && timeoutInSeconds >= 0) {
                        throw new TimeoutException("connect to " + url + ": no answer within " + timeoutInSeconds + " s", this);
                    }
                    ch.finishConnect();
                }
            }
            open(ch);
        } catch (IOException e) {
            close(ch);
            setState(StreamState.ERROR);
            throw new NoSuccessException("connect to " + url + ": " + e.getMessage(), e, this);
        } catch (TimeoutException e) {
            close(ch);
            setState(StreamState.ERROR);
            throw e;
        }
    }

    private static void close(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing a failed connection attempt
            }
        }
    }

    @Override
    public void close() {
        close(0f);
    }

    @Override
    public void close(float timeoutInSeconds) {
        StreamState s;
        synchronized (this) {
            s = state;
        }
        if (s == StreamState.OPEN || s == StreamState.NEW) {
            setState(StreamState.CLOSED);
            close(channel);
        } else if (s == StreamState.DROPPED || s == StreamState.ERROR) {
            close(channel); // the other side closed or the connection failed: the socket is still ours to release
        }
        // CLOSED: closed before, or handed off (dsco's client closed the donor's copy)
    }

    private void release() {
        for (Selector s : new Selector[] {readSelector, writeSelector}) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // nothing to do
                }
            }
        }
        metrics.close();
    }

    // ------------------------------------------------------------------ waiting

    private float timeoutAttribute() {
        try {
            return Float.parseFloat(attributes.get(TIMEOUT));
        } catch (Exception e) {
            return -1;
        }
    }

    private boolean blocking() {
        try {
            return TRUE.equals(attributes.get(BLOCKING));
        } catch (Exception e) {
            return true;
        }
    }

    /** Waits until the selector says ready, {@code ms} passes (-1: no limit) or someone wakes it. */
    private static boolean select(Selector s, long ms) throws IOException {
        s.selectedKeys().clear();
        int n = ms < 0 ? s.select() : ms == 0 ? s.selectNow() : s.select(ms);
        s.selectedKeys().clear();
        return n > 0;
    }

    @Override
    public int waitFor(int what) throws IncorrectStateException, NoSuccessException {
        return waitFor(what, -1f);
    }

    @Override
    public int waitFor(int what, float timeoutInSeconds) throws IncorrectStateException, NoSuccessException {
        long deadline = timeoutInSeconds < 0 ? Long.MAX_VALUE : System.nanoTime() + (long) (timeoutInSeconds * 1e9);
        while (true) {
            if (state != StreamState.OPEN) {
                if (Activity.EXCEPTION.isSet(what) && state == StreamState.ERROR) {
                    return Activity.EXCEPTION.getValue();
                }
                requireOpen("waitFor");
            }
            try {
                reads.enter();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NoSuccessException("waitFor interrupted", e, this);
            }
            int ready = 0;
            try {
                long left = deadline == Long.MAX_VALUE ? -1 : Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                if (Activity.WRITE.isSet(what) && select(writeSelector, 0)) {
                    ready |= Activity.WRITE.getValue();
                }
                if (Activity.READ.isSet(what) && select(readSelector, ready != 0 ? 0 : left)) {
                    ready |= Activity.READ.getValue();
                } else if (ready == 0 && !Activity.READ.isSet(what) && left != 0) {
                    select(writeSelector, left); // waits for writability (or a wake-up)
                }
            } catch (IOException e) {
                fail(e);
                throw new NoSuccessException("waitFor: " + e.getMessage(), e, this);
            } catch (ClosedSelectorException e) {
                requireOpen("waitFor");
            } finally {
                reads.exit();
            }
            if (ready != 0) {
                if (Activity.READ.isSet(ready)) {
                    readMetric.fire("1");
                }
                if (Activity.WRITE.isSet(ready)) {
                    writeMetric.fire("1");
                }
                return ready;
            }
            if (System.nanoTime() >= deadline) {
                return 0;
            }
        }
    }

    private void fail(IOException e) {
        if (state == StreamState.OPEN) {
            setState(StreamState.ERROR);
        }
    }

    // ------------------------------------------------------------------ I/O

    @Override
    public int read(Buffer buffer) throws BadParameterException, IncorrectStateException, TimeoutException,
            NoSuccessException, SagaIOException {
        return read(buffer, -1);
    }

    @Override
    public int read(Buffer buffer, int len) throws BadParameterException, IncorrectStateException, TimeoutException,
            NoSuccessException, SagaIOException {
        byte[] array = arrayOf(buffer, true);
        int n = len < 0 ? array.length : len;
        if (n > array.length) {
            throw new BadParameterException("read: the buffer holds " + array.length + " bytes, " + n + " asked for", this);
        }
        return readInto(array, 0, n);
    }

    private byte[] arrayOf(Buffer buffer, boolean forReading) throws BadParameterException, IncorrectStateException {
        if (buffer == null) {
            throw new BadParameterException("the buffer is null", this);
        }
        try {
            if (forReading && buffer instanceof BufferImpl b) {
                return b.allocate();
            }
            return buffer.getData();
        } catch (DoesNotExistException e) {
            throw new BadParameterException("the buffer has no data: " + e.getMessage(), e, this);
        }
    }

    /** Reads at most {@code len} bytes; 0 means the other side closed (then DROPPED) or nothing there when non-blocking. */
    int readInto(byte[] dst, int off, int len) throws IncorrectStateException, TimeoutException, NoSuccessException,
            SagaIOException {
        requireOpen("read");
        if (len == 0) {
            return 0;
        }
        float timeout = timeoutAttribute();
        long deadline = timeout < 0 ? Long.MAX_VALUE : System.nanoTime() + (long) (timeout * 1e9);
        ByteBuffer bb = ByteBuffer.wrap(dst, off, len);
        while (true) {
            int n;
            try {
                reads.enter();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NoSuccessException("read interrupted", e, this);
            }
            try {
                n = channel.read(bb);
                if (n == 0 && blocking()) {
                    long left = deadline == Long.MAX_VALUE ? -1 : Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                    select(readSelector, left);
                }
            } catch (IOException e) {
                if (reads.isFrozen() || state != StreamState.OPEN) {
                    requireOpen("read");
                }
                fail(e);
                throw new SagaIOException("read: " + e.getMessage(), e, this);
            } catch (ClosedSelectorException e) {
                n = 0;
            } finally {
                reads.exit();
            }
            if (n < 0) {
                setState(StreamState.DROPPED);
                return 0;
            }
            if (n > 0 || !blocking()) {
                return n;
            }
            requireOpen("read");
            if (System.nanoTime() >= deadline) {
                throw new TimeoutException("read: nothing arrived within " + timeout + " s (the Timeout attribute)", this);
            }
        }
    }

    @Override
    public int write(Buffer buffer) throws BadParameterException, IncorrectStateException, TimeoutException,
            NoSuccessException, SagaIOException {
        return write(buffer, -1);
    }

    @Override
    public int write(Buffer buffer, int len) throws BadParameterException, IncorrectStateException, TimeoutException,
            NoSuccessException, SagaIOException {
        byte[] array = arrayOf(buffer, false);
        int n = len < 0 ? array.length : len;
        if (n > array.length) {
            throw new BadParameterException("write: the buffer holds " + array.length + " bytes, " + n + " asked for", this);
        }
        return writeFrom(array, 0, n);
    }

    /** Writes {@code len} bytes (all of them when blocking). */
    int writeFrom(byte[] src, int off, int len) throws IncorrectStateException, TimeoutException, NoSuccessException,
            SagaIOException {
        requireOpen("write");
        ByteBuffer bb = ByteBuffer.wrap(src, off, len);
        float timeout = timeoutAttribute();
        long deadline = timeout < 0 ? Long.MAX_VALUE : System.nanoTime() + (long) (timeout * 1e9);
        int total = 0;
        while (bb.hasRemaining()) {
            try {
                writes.enter();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NoSuccessException("write interrupted after " + total + " bytes", e, this);
            }
            try {
                int n = channel.write(bb);
                total += n;
                if (n == 0 && blocking()) {
                    long left = deadline == Long.MAX_VALUE ? -1 : Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                    select(writeSelector, left);
                }
            } catch (IOException e) {
                if (writes.isFrozen() || state != StreamState.OPEN) {
                    requireOpen("write");
                }
                fail(e);
                throw new SagaIOException("write: " + e.getMessage(), e, this);
            } catch (ClosedSelectorException e) {
                // closed meanwhile: the check below says how
            } finally {
                writes.exit();
            }
            if (!blocking()) {
                break;
            }
            if (bb.hasRemaining()) {
                requireOpen("write");
                if (System.nanoTime() >= deadline) {
                    throw new TimeoutException("write: only " + total + " of " + len + " bytes written within " + timeout + " s", this);
                }
            }
        }
        return total;
    }

    @Override
    public StreamInputStream getInputStream() throws IncorrectStateException {
        requireOpen("getInputStream");
        return new ChannelStreamInput(this, sessionOrNull());
    }

    @Override
    public StreamOutputStream getOutputStream() throws IncorrectStateException {
        requireOpen("getOutputStream");
        return new ChannelStreamOutput(this, sessionOrNull());
    }

    /** Turns a SAGA failure of a java.io call into an IOException. */
    static IOException io(SagaException e) {
        // The SAGA exception stays the cause, so a task form of the stream's I/O fails with it (StreamInputBase).
        IOException io;
        if (e instanceof TimeoutException) {
            io = new SocketTimeoutException(e.getMessage());
        } else if (e instanceof NoSuccessException && e.getCause() instanceof InterruptedException) {
            io = new InterruptedIOException(e.getMessage());
        } else {
            return new IOException(e.getMessage(), e);
        }
        io.initCause(e);
        return io;
    }

    // ------------------------------------------------------------------ attributes, monitoring, tasks

    @Override
    public void beforeAttributeChange(String key, String[] values) throws IncorrectStateException, BadParameterException {
        SocketChannel ch = channel;
        if (ch == null || values.length != 1) {
            return;
        }
        try {
            if (key.equals(NODELAY)) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, TRUE.equals(values[0]));
            } else if (key.equals(BUFSIZE) && values[0].matches("[1-9][0-9]{0,8}")) {
                ch.setOption(StandardSocketOptions.SO_SNDBUF, Integer.parseInt(values[0]));
            }
        } catch (IOException e) {
            throw new IncorrectStateException("cannot set " + key + ": " + e.getMessage(), e, this);
        }
    }

    @Override
    public AttributeStore attributeStore() {
        return attributes;
    }

    @Override
    public Metrics metrics() {
        return metrics;
    }

    @Override
    public <E> Task<Stream, E> taskOf(TaskMode mode, SagaCall<E> call) {
        return TaskImpl.create(mode, sessionOrNull(), this, call);
    }

    @Override
    public Task<Stream, URL> getUrl(TaskMode mode) {
        return taskOf(mode, this::getUrl);
    }

    @Override
    public Task<Stream, Context> getContext(TaskMode mode) {
        return taskOf(mode, this::getContext);
    }

    @Override
    public Task<Stream, Void> connect(TaskMode mode) {
        return connect(mode, -1f);
    }

    @Override
    public Task<Stream, Void> connect(TaskMode mode, float timeoutInSeconds) {
        return taskOf(mode, () -> {
            connect(timeoutInSeconds);
            return null;
        });
    }

    @Override
    public Task<Stream, Integer> waitFor(TaskMode mode, int what) {
        return waitFor(mode, what, -1f);
    }

    @Override
    public Task<Stream, Integer> waitFor(TaskMode mode, int what, float timeoutInSeconds) {
        return taskOf(mode, () -> waitFor(what, timeoutInSeconds));
    }

    @Override
    public Task<Stream, Void> close(TaskMode mode) {
        return close(mode, 0f);
    }

    @Override
    public Task<Stream, Void> close(TaskMode mode, float timeoutInSeconds) {
        return taskOf(mode, () -> {
            close(timeoutInSeconds);
            return null;
        });
    }

    @Override
    public Task<Stream, Integer> read(TaskMode mode, Buffer buffer, int len) {
        return taskOf(mode, () -> read(buffer, len));
    }

    @Override
    public Task<Stream, Integer> read(TaskMode mode, Buffer buffer) {
        return taskOf(mode, () -> read(buffer));
    }

    @Override
    public Task<Stream, StreamInputStream> getInputStream(TaskMode mode) {
        return taskOf(mode, this::getInputStream);
    }

    @Override
    public Task<Stream, Integer> write(TaskMode mode, Buffer buffer, int len) {
        return taskOf(mode, () -> write(buffer, len));
    }

    @Override
    public Task<Stream, Integer> write(TaskMode mode, Buffer buffer) {
        return taskOf(mode, () -> write(buffer));
    }

    @Override
    public Task<Stream, StreamOutputStream> getOutputStream(TaskMode mode) {
        return taskOf(mode, this::getOutputStream);
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        throw new CloneNotSupportedException("a TCP stream owns a live connection and cannot be copied");
    }

    @Override
    public String toString() {
        return "tcp stream to " + target + " (" + state + ")";
    }
}
