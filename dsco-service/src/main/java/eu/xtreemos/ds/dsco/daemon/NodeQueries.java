package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.MalformedMessageException;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.handoff.ClientRegistry;
import eu.xtreemos.ds.dsco.membership.Membership;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/** The API's questions about this node, its cluster, its services and their clients (none changes anything). */
final class NodeQueries {
    private final LiveConfig config;
    private final Membership membership; // null without failover
    private final ClientRegistry registry;

    NodeQueries(LiveConfig config, Membership membership, ClientRegistry registry) {
        this.config = config;
        this.membership = membership;
        this.registry = registry;
    }

    ApiMessage hello(ApiMessage rq) {
        DscoConfig c = config.get();
        return ApiMessage.reply(rq, Status.OK).add(Attr.VERSION, (short) ApiMessage.VERSION)
                .add(Attr.NODE, c.nodeName()).add(Attr.ROLE, c.role().name().toLowerCase())
                .add(Attr.MODE, c.redirectMode().name().toLowerCase().replace('_', '-'));
    }

    ApiMessage allNodes(ApiMessage rq) {
        DscoConfig c = config.get();
        ApiMessage r = ApiMessage.reply(rq, Status.OK);
        c.nodes().forEach((name, a) -> r.add(Attr.NODE, name).add(Attr.NODE_ADDRESS, a)
                .add(Attr.ROLE, name.equals(c.contact()) ? "contact" : "server"));
        return r;
    }

    ApiMessage localNode(ApiMessage rq) {
        DscoConfig c = config.get();
        return ApiMessage.reply(rq, Status.OK).add(Attr.NODE, c.nodeName()).add(Attr.NODE_ADDRESS, c.nodeAddress());
    }

    ApiMessage anycastAddresses(ApiMessage rq) throws MalformedMessageException {
        DscoConfig.Service s = ServedServices.of(config.get(), rq);
        ApiMessage r = ApiMessage.reply(rq, Status.OK).add(Attr.SERVICE, s.id()).add(Attr.ADDRESS, s.address());
        if (s.address4() != null) {
            r.add(Attr.ADDRESS, s.address4());
        }
        return r;
    }

    /** Each service of this node: SERVICE, then its ADDRESS (IPv6, then IPv4 if it has one) and PORT attributes. */
    ApiMessage services(ApiMessage rq) {
        ApiMessage r = ApiMessage.reply(rq, Status.OK);
        for (DscoConfig.Service s : config.get().services()) {
            r.add(Attr.SERVICE, s.id()).add(Attr.ADDRESS, s.address());
            if (s.address4() != null) {
                r.add(Attr.ADDRESS, s.address4());
            }
            for (int port : s.ports()) {
                r.add(Attr.PORT, (short) port);
            }
            if (s.protectedService()) {
                r.add(Attr.MODE, "protected");
            }
        }
        return r;
    }

    ApiMessage members(ApiMessage rq) {
        DscoConfig c = config.get();
        ApiMessage r = ApiMessage.reply(rq, Status.OK).add(Attr.ROLE, c.contact());
        List<String> live = membership == null ? List.of(c.nodeName()) : membership.members();
        live.forEach(m -> r.add(Attr.NODE, m));
        return r;
    }

    /** Clients served here, and clients handed away from here to the node that has them. */
    ApiMessage clients(ApiMessage rq) throws IOException {
        DscoConfig c = config.get();
        ApiMessage r = ApiMessage.reply(rq, Status.OK);
        String only = rq.textOr(Attr.SERVICE, null);
        for (DscoConfig.Service s : c.services()) {
            if (only != null && !only.equals(s.id())) {
                continue;
            }
            Map<InetAddress, Integer> here = ServedServices.localClients(s);
            here.forEach((client, n) -> r.add(Attr.SERVICE, s.id()).add(Attr.ADDRESS, client).add(Attr.NODE, c.nodeName())
                    .add(Attr.CONNECTIONS, n));
            for (ClientRegistry.Entry e : registry.entries()) {
                if (e.service().equals(s.id()) && !here.containsKey(e.client()) && !e.node().equals(c.nodeName())) {
                    r.add(Attr.SERVICE, s.id()).add(Attr.ADDRESS, e.client()).add(Attr.NODE, e.node()).add(Attr.CONNECTIONS, e.connections());
                }
            }
        }
        return r;
    }
}
