package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.handoff.HandoffReceiver;
import eu.xtreemos.ds.dsco.peer.GroupMessage;
import eu.xtreemos.ds.dsco.peer.HandoffMessage;
import eu.xtreemos.ds.dsco.peer.RouteOptimizationMessage;
import eu.xtreemos.ds.dsco.peer.SteeringMessage;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import eu.xtreemos.ds.dsco.peer.ProtectMessage;
import eu.xtreemos.ds.dsco.protect.BackupKeeper;
import eu.xtreemos.ds.dsco.ro.RouteOptimizer;

/** Messages from other dsco daemons, to the part of this node that answers each. */
final class PeerDispatch {
    private final LiveConfig config;
    private final HandoffReceiver receiver;
    private final RouteOptimizer routeOptimizer; // null in HA-steering mode
    private final ContactPolicy contact;
    private volatile GroupAdmin group; // set once the membership group exists, before the peer server runs
    private volatile BackupKeeper backups; // null without protected services

    PeerDispatch(LiveConfig config, HandoffReceiver receiver, RouteOptimizer routeOptimizer, ContactPolicy contact) {
        this.config = config;
        this.receiver = receiver;
        this.routeOptimizer = routeOptimizer;
        this.contact = contact;
    }

    void groupAdmin(GroupAdmin g) {
        this.group = g;
    }

    void backups(BackupKeeper k) {
        this.backups = k;
    }

    PeerMessage handle(String peer, PeerMessage m) {
        if (m instanceof GroupMessage g) {
            GroupAdmin a = group;
            return a == null ? new PeerMessage.Result(false, "dsco is starting: not ready for group changes") : a.onGroupMessage(peer, g);
        }
        if (m instanceof ProtectMessage pm) {
            BackupKeeper k = backups;
            if (k == null) {
                return new PeerMessage.Result(false, config.get().nodeName() + " keeps no backups: it serves no protected service");
            }
            if (pm instanceof ProtectMessage.Checkpoint c) {
                return k.onCheckpoint(peer, c);
            }
            if (pm instanceof ProtectMessage.Forget f) {
                return k.onForget(peer, f);
            }
        }
        if (m instanceof HandoffMessage.Prepare p) {
            return receiver.onPrepare(peer, p);
        }
        if (m instanceof HandoffMessage.Commit c) {
            return receiver.onCommit(peer, c);
        }
        if (m instanceof HandoffMessage.Abort a) {
            return receiver.onAbort(peer, a);
        }
        if (m instanceof HandoffMessage.StatusQuery q) {
            return receiver.onStatus(q);
        }
        if (m instanceof RouteOptimizationMessage.RouteOptimize ro) {
            return routeOptimizer == null ? new PeerMessage.Result(false, notRouteOptimizing())
                    : routeOptimizer.onRouteOptimize(peer, ro);
        }
        if (m instanceof RouteOptimizationMessage.HomeTestRelay h) {
            return routeOptimizer == null ? new RouteOptimizationMessage.HomeTestRelayed(false, notRouteOptimizing(), 0, 0, 0, 0)
                    : routeOptimizer.onHomeTestRelay(peer, h);
        }
        if (m instanceof SteeringMessage.ClientsQuery q) {
            return contact.onClientsQuery(q);
        }
        if (m instanceof SteeringMessage.ContactChanged cc) {
            return contact.onContactChanged(peer, cc);
        }
        return new PeerMessage.Result(false, "dsco does not handle " + m.getClass().getSimpleName());
    }

    private String notRouteOptimizing() {
        return config.get().nodeName() + " is not in route-optimization mode";
    }
}
