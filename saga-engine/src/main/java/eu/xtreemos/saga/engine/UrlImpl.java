package eu.xtreemos.saga.engine;

import eu.xtreemos.saga.spi.SagaObjectBase;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.session.Session;
import org.ogf.saga.url.URL;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A URL split into its parts with the regular expression of RFC 3986 (appendix B), then the authority into
 * user info, host and port. An IPv6 literal host is kept without brackets and printed with them.
 */
final class UrlImpl extends SagaObjectBase implements URL {
    private static final Pattern PARTS = Pattern.compile("^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\\?([^#]*))?(#(.*))?$", Pattern.DOTALL);
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

    private String scheme = "";
    private String userInfo = "";
    private String host = "";
    private int port = -1;
    private String path = "";
    private String query = "";
    private String fragment = "";
    private boolean authority;

    UrlImpl(String url) throws BadParameterException {
        super(null);
        setString(url);
    }

    @Override
    public synchronized void setString(String url) throws BadParameterException {
        if (url == null) {
            throw new BadParameterException("URL is null");
        }
        Matcher m = PARTS.matcher(url);
        if (!m.matches()) {
            throw new BadParameterException("URL '" + url + "' does not parse");
        }
        String s = m.group(2) == null ? "" : m.group(2);
        if (!s.isEmpty() && !SCHEME.matcher(s).matches()) {
            throw new BadParameterException("URL '" + url + "': scheme '" + s + "' has characters a scheme cannot have");
        }
        String ui = "", h = "";
        int p = -1;
        boolean auth = m.group(3) != null;
        if (auth) {
            String a = m.group(4);
            int at = a.lastIndexOf('@');
            if (at >= 0) {
                ui = a.substring(0, at);
                a = a.substring(at + 1);
            }
            String portText = null;
            if (a.startsWith("[")) {
                int close = a.indexOf(']');
                if (close < 0) {
                    throw new BadParameterException("URL '" + url + "': IPv6 literal '" + a + "' has no closing ]");
                }
                h = ipv6(url, a.substring(1, close));
                String rest = a.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        throw new BadParameterException("URL '" + url + "': unexpected '" + rest + "' after the IPv6 literal");
                    }
                    portText = rest.substring(1);
                }
            } else {
                int colon = a.lastIndexOf(':');
                if (colon >= 0) {
                    portText = a.substring(colon + 1);
                    a = a.substring(0, colon);
                }
                if (a.indexOf(':') >= 0) {
                    throw new BadParameterException("URL '" + url + "': an IPv6 address must be written in brackets, as in ds://[fd00::1]:7000");
                }
                h = a;
            }
            if (portText != null && !portText.isEmpty()) {
                p = port(url, portText);
            }
        }
        scheme = s;
        userInfo = ui;
        host = h;
        port = p;
        authority = auth;
        path = m.group(5);
        query = m.group(7) == null ? "" : m.group(7);
        fragment = m.group(9) == null ? "" : m.group(9);
    }

    private static String ipv6(String url, String literal) throws BadParameterException {
        String addr = literal.contains("%") ? literal.substring(0, literal.indexOf('%')) : literal;
        if (addr.isEmpty() || !addr.matches("[0-9A-Fa-f:.]+") || !addr.contains(":")) {
            throw new BadParameterException("URL '" + url + "': '" + literal + "' is not an IPv6 address");
        }
        try {
            InetAddress.getByName(addr); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            throw new BadParameterException("URL '" + url + "': '" + literal + "' is not an IPv6 address");
        }
        return literal;
    }

    private static int port(String url, String text) throws BadParameterException {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) > 65535) {
            throw new BadParameterException("URL '" + url + "': port '" + text + "' is not a number from 0 to 65535");
        }
        return Integer.parseInt(text);
    }

    @Override
    public void setString() throws BadParameterException {
        setString("");
    }

    @Override
    public synchronized String getString() {
        StringBuilder b = new StringBuilder();
        if (!scheme.isEmpty()) {
            b.append(scheme).append(':');
        }
        if (authority || !host.isEmpty() || port >= 0 || !userInfo.isEmpty()) {
            b.append("//");
            if (!userInfo.isEmpty()) {
                b.append(userInfo).append('@');
            }
            b.append(host.contains(":") ? "[" + host + "]" : host);
            if (port >= 0) {
                b.append(':').append(port);
            }
            if (!path.isEmpty() && !path.startsWith("/")) {
                b.append('/');
            }
        }
        b.append(path);
        if (!query.isEmpty()) {
            b.append('?').append(query);
        }
        if (!fragment.isEmpty()) {
            b.append('#').append(fragment);
        }
        return b.toString();
    }

    @Override
    public String getEscaped() {
        StringBuilder b = new StringBuilder();
        for (byte c : getString().getBytes(StandardCharsets.UTF_8)) {
            int u = c & 0xff;
            if (u <= 0x20 || u >= 0x7f || "\"<>\\^`{|}".indexOf(u) >= 0) {
                b.append('%').append(String.format("%02X", u));
            } else {
                b.append((char) u);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return getString();
    }

    @Override
    public synchronized String getFragment() {
        return fragment;
    }

    @Override
    public synchronized void setFragment(String fragment) {
        this.fragment = fragment == null ? "" : fragment;
    }

    @Override
    public void setFragment() {
        setFragment("");
    }

    @Override
    public synchronized String getHost() {
        return host;
    }

    @Override
    public synchronized void setHost(String host) throws BadParameterException {
        String h = host == null ? "" : host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.contains(":")) {
            h = ipv6("host " + host, h);
        } else if (h.matches(".*[/?#@\\[\\] ].*")) {
            throw new BadParameterException("host '" + host + "' has characters a host cannot have");
        }
        this.host = h;
        authority = authority || !h.isEmpty();
    }

    @Override
    public void setHost() throws BadParameterException {
        setHost("");
    }

    @Override
    public synchronized String getPath() {
        return path;
    }

    @Override
    public synchronized void setPath(String path) throws BadParameterException {
        String p = path == null ? "" : path;
        if (p.indexOf('?') >= 0 || p.indexOf('#') >= 0) {
            throw new BadParameterException("path '" + path + "' contains ? or #: set the query and fragment separately");
        }
        this.path = p;
    }

    @Override
    public void setPath() throws BadParameterException {
        setPath("");
    }

    @Override
    public synchronized int getPort() {
        return port;
    }

    @Override
    public synchronized void setPort(int port) throws BadParameterException {
        if (port < -1 || port > 65535) {
            throw new BadParameterException("port " + port + " is not from 0 to 65535 (or -1 for none)");
        }
        this.port = port;
    }

    @Override
    public void setPort() throws BadParameterException {
        setPort(-1);
    }

    @Override
    public synchronized String getQuery() {
        return query;
    }

    @Override
    public synchronized void setQuery(String query) throws BadParameterException {
        String q = query == null ? "" : query;
        if (q.indexOf('#') >= 0) {
            throw new BadParameterException("query '" + query + "' contains #: set the fragment separately");
        }
        this.query = q;
    }

    @Override
    public void setQuery() throws BadParameterException {
        setQuery("");
    }

    @Override
    public synchronized String getScheme() {
        return scheme;
    }

    @Override
    public synchronized void setScheme(String scheme) throws BadParameterException {
        String s = scheme == null ? "" : scheme;
        if (!s.isEmpty() && !SCHEME.matcher(s).matches()) {
            throw new BadParameterException("'" + scheme + "' is not a valid URL scheme");
        }
        this.scheme = s;
    }

    @Override
    public void setScheme() throws BadParameterException {
        setScheme("");
    }

    @Override
    public synchronized String getUserInfo() {
        return userInfo;
    }

    @Override
    public synchronized void setUserInfo(String userInfo) throws BadParameterException {
        String u = userInfo == null ? "" : userInfo;
        if (u.matches(".*[/?#@\\[\\]].*")) {
            throw new BadParameterException("user info '" + userInfo + "' has characters user info cannot have");
        }
        this.userInfo = u;
    }

    @Override
    public void setUserInfo() throws BadParameterException {
        setUserInfo("");
    }

    @Override
    public URL translate(String scheme) throws BadParameterException, NoSuccessException {
        return translate(null, scheme);
    }

    @Override
    public URL translate(Session session, String scheme) throws BadParameterException, NoSuccessException {
        if (scheme == null || !SCHEME.matcher(scheme).matches()) {
            throw new BadParameterException("'" + scheme + "' is not a valid URL scheme");
        }
        if (!scheme.equalsIgnoreCase(getScheme())) {
            throw new NoSuccessException("no adaptor here translates " + getScheme() + " URLs to " + scheme + " ('" + this + "')");
        }
        return copy();
    }

    @Override
    public URL resolve(URL url) throws NoSuccessException {
        try {
            URI base = new URI(getEscaped());
            return new UrlImpl(base.resolve(new URI(url.getEscaped())).toString());
        } catch (URISyntaxException | BadParameterException e) {
            throw new NoSuccessException("cannot resolve '" + url + "' against '" + this + "': " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean isAbsolute() {
        return !scheme.isEmpty();
    }

    @Override
    public URL normalize() {
        UrlImpl c = copy();
        try {
            String p = new URI(null, null, path.isEmpty() ? null : path, null).normalize().getPath();
            c.path = p == null ? "" : p;
        } catch (URISyntaxException e) {
            // a path URI cannot parse is left as it is
        }
        return c;
    }

    private UrlImpl copy() {
        try {
            return (UrlImpl) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UrlImpl u && u.getString().equals(getString());
    }

    @Override
    public int hashCode() {
        return getString().hashCode();
    }
}
