package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.MalformedMessageException;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.handoff.LocalConnections;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The services of this node as requests name them, and the clients connected to them here. */
final class ServedServices {
    private ServedServices() {
    }

    /** The request's SERVICE, or the node's first service if it names none; an unknown one is a bad request. */
    static DscoConfig.Service of(DscoConfig c, ApiMessage rq) throws MalformedMessageException {
        String id = rq.textOr(Attr.SERVICE, null);
        if (id == null) {
            return c.services().get(0);
        }
        DscoConfig.Service s = c.service(id);
        if (s == null) {
            throw new MalformedMessageException("unknown service '" + id + "' (this node serves "
                    + c.services().stream().map(DscoConfig.Service::id).collect(Collectors.toList()) + ")");
        }
        return s;
    }

    /** Clients with TCP connections to the service on this node, and how many each. */
    static Map<InetAddress, Integer> localClients(DscoConfig.Service s) throws IOException {
        List<InetAddress> locals = new ArrayList<>(List.of(s.address()));
        if (s.address4() != null) {
            locals.add(s.address4());
        }
        return LocalConnections.clients(locals, s.ports());
    }
}
