package org.ogf.saga.stream;

import org.ogf.saga.SagaObject;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.monitoring.AsyncMonitorable;
import org.ogf.saga.permissions.Permissions;
import org.ogf.saga.task.Async;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

/**
 * A server endpoint that clients connect to (GFD.90, section 4.5; a server socket): {@link #serve} gives
 * one OPEN {@link Stream} per client connection; {@link #connect} is the client side. The metric
 * {@value #STREAMSERVER_CLIENTCONNECT} fires when a client connects. After {@link #close} every call
 * but close throws {@link IncorrectStateException}.
 */
public interface StreamServer extends SagaObject, Async, AsyncMonitorable<StreamServer>, Permissions<StreamServer>,
        AutoCloseable {
    /** Metric: a client connected. */
    String STREAMSERVER_CLIENTCONNECT = "stream_server.client_connect";

    /** The URL clients connect to. */
    URL getUrl() throws NotImplementedException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, IncorrectStateException, TimeoutException, NoSuccessException;

    /** Waits for the next client connection; the stream is OPEN. */
    Stream serve() throws NotImplementedException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, IncorrectStateException, TimeoutException, NoSuccessException;

    /**
     * Waits at most {@code timeoutInSeconds} (negative: no limit) for the next client connection.
     *
     * @return the client's stream, or null if none connected in time
     */
    Stream serve(float timeoutInSeconds) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, IncorrectStateException, TimeoutException,
            NoSuccessException;

    /** Connects to this server as a client; the stream is OPEN. */
    Stream connect() throws NotImplementedException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, IncorrectStateException, TimeoutException, NoSuccessException;

    /**
     * Connects to this server within {@code timeoutInSeconds}.
     *
     * @throws TimeoutException not connected in time
     */
    Stream connect(float timeoutInSeconds) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, IncorrectStateException, TimeoutException,
            NoSuccessException;

    /** Stops serving; streams already served stay open. Closing twice does nothing. */
    @Override
    void close() throws NotImplementedException, NoSuccessException;

    void close(float timeoutInSeconds) throws NotImplementedException, NoSuccessException;

    Task<StreamServer, URL> getUrl(TaskMode mode) throws NotImplementedException;

    Task<StreamServer, Stream> serve(TaskMode mode) throws NotImplementedException;

    Task<StreamServer, Stream> serve(TaskMode mode, float timeoutInSeconds) throws NotImplementedException;

    Task<StreamServer, Stream> connect(TaskMode mode) throws NotImplementedException;

    Task<StreamServer, Stream> connect(TaskMode mode, float timeoutInSeconds) throws NotImplementedException;

    Task<StreamServer, Void> close(TaskMode mode) throws NotImplementedException;

    Task<StreamServer, Void> close(TaskMode mode, float timeoutInSeconds) throws NotImplementedException;
}
