package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.MalformedMessageException;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.ro.RouteOptimizer;

import java.io.IOException;
import java.net.Inet6Address;

/** The seed's deleteBU, getBUSeqNo and startRO: this node's binding updates for one client (route optimization only). */
final class BindingApi {
    private final LiveConfig config;
    private final RouteOptimizer routeOptimizer; // null in HA-steering mode

    BindingApi(LiveConfig config, RouteOptimizer routeOptimizer) {
        this.config = config;
        this.routeOptimizer = routeOptimizer;
    }

    ApiMessage handle(ApiMessage rq) throws MalformedMessageException {
        DscoConfig c = config.get();
        if (routeOptimizer == null) {
            return ApiMessage.error(rq, Status.NOT_AVAILABLE, rq.op() + " is not available in redirect mode "
                    + c.redirectMode().name().toLowerCase().replace('_', '-')
                    + ": binding updates exist only with Mobile IPv6 route optimization");
        }
        DscoConfig.Service s = ServedServices.of(c, rq);
        if (!(rq.address(Attr.ADDRESS) instanceof Inet6Address client)) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, "binding updates are for IPv6 clients only");
        }
        try {
            switch (rq.op()) {
                case GET_BU_SEQ_NO: {
                    int seq = routeOptimizer.sequence(s.id(), client);
                    return seq < 0 ? ApiMessage.error(rq, Status.FAILED, "no binding update for " + client.getHostAddress())
                            : ApiMessage.reply(rq, Status.OK).add(Attr.SEQNO, seq);
                }
                case DELETE_BU:
                    return routeOptimizer.forget(s.id(), client) ? ApiMessage.reply(rq, Status.OK)
                            : ApiMessage.error(rq, Status.FAILED, "no binding update for " + client.getHostAddress());
                default: // START_RO: the sequence number comes from the contact node, a SEQNO given is not needed
                    return ApiMessage.reply(rq, Status.OK).add(Attr.SEQNO, routeOptimizer.bindHere(s.id(), client));
            }
        } catch (IOException e) {
            return ApiMessage.error(rq, Status.FAILED, e.getMessage());
        }
    }
}
