package eu.xtreemos.saga.tcp;

import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.url.URL;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A {@code tcp://host:port} URL: a host name or address literal (IPv6 in brackets) and a port. A stream server may
 * give port 0 (the kernel picks one; {@code getUrl()} says which) and a wildcard host ({@code 0.0.0.0},
 * {@code [::]}) to listen on every address.
 */
record TcpUrl(InetSocketAddress address) {
    static final String SCHEME = "tcp";

    static TcpUrl parse(URL url, boolean server) throws IncorrectURLException {
        String host = url.getHost();
        int port = url.getPort();
        String form = server ? "tcp://host:port (port 0: any free port)" : "tcp://host:port";
        if (host == null || host.isEmpty()) {
            throw new IncorrectURLException("'" + url + "' has no host: a " + (server ? "stream server" : "stream")
                    + " URL is " + form);
        }
        if (port < 0 || port > 65535 || (port == 0 && !server)) {
            throw new IncorrectURLException("'" + url + "' has " + (port < 0 ? "no port" : "port " + port)
                    + ": a " + (server ? "stream server" : "stream") + " URL is " + form);
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return new TcpUrl(new InetSocketAddress(InetAddress.getByName(literal), port));
        } catch (UnknownHostException e) {
            throw new IncorrectURLException("'" + url + "': unknown host " + host, e);
        }
    }
}
