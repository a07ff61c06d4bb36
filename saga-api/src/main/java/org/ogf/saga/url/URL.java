package org.ogf.saga.url;

import org.ogf.saga.SagaObject;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.session.Session;

/**
 * A URL (GFD.90, section 3.11; RFC 3986): scheme, user info, host, port, path, query and fragment.
 * IPv6 literal hosts are written in brackets ({@code ds://[fd00:5::1]:7000}); {@link #getHost} gives the
 * address without them and {@link #getString} puts them back (our implementation's {@code toString} gives
 * {@link #getString} too; the binding does not declare it here, so an implementation of this interface need not). A missing port is -1; other missing parts
 * are the empty string. Setters without argument clear the part.
 */
public interface URL extends SagaObject {
    /** Replaces the whole URL; {@link BadParameterException} if it does not parse. */
    void setString(String url) throws BadParameterException;

    /** Clears the URL. */
    void setString() throws BadParameterException;

    /** The URL as a string, unescaped. */
    String getString();

    /** The URL as a string, with characters that need it %-escaped. */
    String getEscaped();

    String getFragment();

    void setFragment(String fragment) throws BadParameterException;

    void setFragment() throws BadParameterException;

    /** The host; an IPv6 literal without brackets. */
    String getHost();

    /** Sets the host; an IPv6 literal with or without brackets. */
    void setHost(String host) throws BadParameterException;

    void setHost() throws BadParameterException;

    String getPath();

    void setPath(String path) throws BadParameterException;

    void setPath() throws BadParameterException;

    /** The port, or -1 when none is given. */
    int getPort();

    void setPort(int port) throws BadParameterException;

    void setPort() throws BadParameterException;

    String getQuery();

    void setQuery(String query) throws BadParameterException;

    void setQuery() throws BadParameterException;

    String getScheme();

    void setScheme(String scheme) throws BadParameterException;

    void setScheme() throws BadParameterException;

    String getUserInfo();

    void setUserInfo(String userInfo) throws BadParameterException;

    void setUserInfo() throws BadParameterException;

    /**
     * A copy with another scheme, if that scheme can name the same resource.
     *
     * @throws BadParameterException the scheme is not a valid scheme
     * @throws NoSuccessException    the resource cannot be named with that scheme
     */
    URL translate(String scheme) throws BadParameterException, NoSuccessException;

    /** {@link #translate(String)} using the adaptors of {@code session}. */
    URL translate(Session session, String scheme) throws BadParameterException, NoSuccessException;

    /** {@code url} resolved against this URL (RFC 3986, section 5). */
    URL resolve(URL url) throws NoSuccessException;

    /** True if the URL has a scheme. */
    boolean isAbsolute();

    /** A copy with {@code .} and {@code ..} path segments removed. */
    URL normalize();
}
