package eu.xtreemos.ds.saga;

import org.ogf.saga.context.Context;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.session.Session;
import org.ogf.saga.url.URL;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a {@code ds://} URL says: {@code ds://[service-address]:port[/service-id][?socket=/path/to/dsco.sock]}.
 * The host is the distributed server's service address (a literal: no name look-up), the port one of its
 * ports; the path may name the service (else dsco's configuration finds it by address). {@code role=manager} opens
 * it for a service that manages the group without serving clients (no listening socket, no receiving). dsco's API socket
 * is, in this order: the URL's {@code socket} query parameter, the Server attribute of a session context of
 * type {@value #CONTEXT_TYPE}, the environment variable {@value #SOCKET_ENV}, {@value #DEFAULT_SOCKET}.
 */
record DsUrl(InetAddress address, int port, String service, Path socket, boolean manager) {
    static final String SCHEME = "ds";
    static final String CONTEXT_TYPE = "dsco";
    static final String SOCKET_ENV = "DSCO_SOCKET";
    static final String DEFAULT_SOCKET = "/run/dsco/dsco.sock";

    static DsUrl parse(URL url, Session session) throws IncorrectURLException {
        if (!SCHEME.equalsIgnoreCase(url.getScheme())) {
            throw new IncorrectURLException("'" + url + "' is not a ds:// URL");
        }
        String host = url.getHost();
        if (host.isEmpty()) {
            throw new IncorrectURLException("'" + url + "' has no host: write the service address, as in ds://[fd00:5::1]:7000");
        }
        if (!host.contains(":") && !host.matches("[0-9.]+")) {
            throw new IncorrectURLException("'" + url + "': the host must be the service address as a literal"
                    + " (IPv6 in brackets), not the name '" + host + "'");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IncorrectURLException("'" + url + "': '" + host + "' is not an IP address");
        }
        if (url.getPort() < 1) {
            throw new IncorrectURLException("'" + url + "' has no port: write the service port, as in ds://[fd00:5::1]:7000");
        }
        String path = url.getPath();
        String service = path.startsWith("/") ? path.substring(1) : path;
        if (service.contains("/")) {
            throw new IncorrectURLException("'" + url + "': the path may only name the service, as in ds://[fd00:5::1]:7000/demo");
        }
        return new DsUrl(address, url.getPort(), service, socket(url, session), manager(url));
    }

    private static boolean manager(URL url) throws IncorrectURLException {
        for (String kv : url.getQuery().split("&")) {
            if (kv.startsWith("role=")) {
                String role = kv.substring("role=".length());
                if (!role.equals("manager") && !role.equals("server")) {
                    throw new IncorrectURLException("'" + url + "': unknown role '" + role + "' (known: server, manager)");
                }
                return role.equals("manager");
            }
        }
        return false;
    }

    private static Path socket(URL url, Session session) throws IncorrectURLException {
        for (String kv : url.getQuery().split("&")) {
            if (kv.startsWith("role=")) {
                continue; // manager()
            }
            if (kv.startsWith("socket=")) {
                String p = kv.substring("socket=".length());
                if (p.isEmpty()) {
                    throw new IncorrectURLException("'" + url + "': empty socket= parameter");
                }
                return Path.of(p);
            } else if (!kv.isEmpty()) {
                throw new IncorrectURLException("'" + url + "': unknown query parameter '" + kv + "' (known: socket=, role=)");
            }
        }
        if (session != null) {
            for (Context c : session.listContexts()) {
                try {
                    if (CONTEXT_TYPE.equals(c.getAttribute(Context.TYPE)) && c.existsAttribute(Context.SERVER)) {
                        return Path.of(c.getAttribute(Context.SERVER));
                    }
                } catch (Exception e) {
                    // a context without the attributes we look for is not ours
                }
            }
        }
        Map<String, String> env = System.getenv();
        return Path.of(env.getOrDefault(SOCKET_ENV, DEFAULT_SOCKET));
    }
}
