package eu.xtreemos.saga.spi;

import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.session.Session;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamServer;
import org.ogf.saga.url.URL;

import java.util.Set;

/**
 * An implementation of the stream package for some URL schemes. The engine finds adaptors with
 * {@link java.util.ServiceLoader} (a jar lists its class in
 * {@code META-INF/services/eu.xtreemos.saga.spi.StreamAdaptor}) and gives each URL to the adaptor of its scheme.
 */
public interface StreamAdaptor {
    /** A short name for messages. */
    String name();

    /** The URL schemes handled, lower case. */
    Set<String> schemes();

    /** A client stream on {@code url}, state NEW. */
    Stream createStream(Session session, URL url) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, IncorrectURLException,
            TimeoutException, NoSuccessException;

    /** A server on {@code url}, serving. */
    StreamServer createStreamServer(Session session, URL url) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException;
}
