package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.MalformedMessageException;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.handoff.HandoffDonor;
import eu.xtreemos.ds.dsco.handoff.HandoffOutcome;
import eu.xtreemos.ds.dsco.handoff.HandoffRecovery;
import eu.xtreemos.ds.dsco.handoff.HandoffRequests;
import eu.xtreemos.ds.unix.UnixSeqpacketSocket;

import java.net.InetAddress;

/** The API's handoff operations: REGISTER_RECEIVER, DONATE, RECOVER and the operators' REQUEST_HANDOFF. */
final class HandoffApi {
    private final LiveConfig config;
    private final Receivers receivers;
    private final HandoffDonor donor;
    private final HandoffRecovery recovery;
    private final HandoffRequests requests;

    HandoffApi(LiveConfig config, Receivers receivers, HandoffDonor donor, HandoffRecovery recovery, HandoffRequests requests) {
        this.config = config;
        this.receivers = receivers;
        this.donor = donor;
        this.recovery = recovery;
        this.requests = requests;
    }

    ApiMessage registerReceiver(Caller caller, ApiMessage rq, UnixSeqpacketSocket connection) throws MalformedMessageException {
        DscoConfig.Service s = ServedServices.of(config.get(), rq);
        receivers.register(s.id(), connection, caller);
        return ApiMessage.reply(rq, Status.OK).add(Attr.SERVICE, s.id());
    }

    ApiMessage donate(ApiMessage rq, int[] fds) throws MalformedMessageException {
        ApiMessage.Attribute blob = rq.first(Attr.BLOB);
        return outcome(rq, donor.donate(rq.text(Attr.SERVICE), rq.address(Attr.ADDRESS), rq.text(Attr.NODE), fds,
                blob == null ? new byte[0] : blob.value()));
    }

    ApiMessage recover(ApiMessage rq, int[] fds) throws MalformedMessageException {
        HandoffOutcome o = recovery.recover(rq.text(Attr.SERVICE), rq.address(Attr.ADDRESS), fds);
        return o.ok() ? ApiMessage.reply(rq, Status.OK).add(Attr.MODE, o.message()) : ApiMessage.error(rq, Status.FAILED, o.message());
    }

    /**
     * An operator asks for a handoff; the reply waits for the application's donation (twice a handoff's timeouts, and
     * the wait for a receiver restarting while the commit was in doubt).
     */
    ApiMessage requestHandoff(ApiMessage rq) throws MalformedMessageException {
        DscoConfig c = config.get();
        DscoConfig.Service s = ServedServices.of(c, rq);
        InetAddress client = rq.address(Attr.ADDRESS);
        String node = rq.text(Attr.NODE);
        return outcome(rq, requests.request(s.id(), client, node, HandoffRequests.patience(c)));
    }

    private static ApiMessage outcome(ApiMessage rq, HandoffOutcome o) {
        ApiMessage r = o.ok() ? ApiMessage.reply(rq, Status.OK) : ApiMessage.error(rq, Status.FAILED, o.message());
        return o.timeline().timings().addTo(r);
    }
}
