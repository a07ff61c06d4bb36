package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.GroupEvent;
import eu.xtreemos.ds.dsco.api.MalformedMessageException;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.events.GroupEventLog;

/**
 * EVENTS: the group's events after the sequence number the reader names (EVENT_SEQ, default 0) of the run it names
 * (EPOCH, default this one), waiting up to WAIT_MS (at most {@value #MAX_WAIT_MS}) when there are none yet.
 */
final class EventsApi {
    static final int MAX_WAIT_MS = 60_000;

    private final GroupEventLog log;

    EventsApi(GroupEventLog log) {
        this.log = log;
    }

    ApiMessage events(ApiMessage rq) throws MalformedMessageException, InterruptedException {
        long after = rq.first(Attr.EVENT_SEQ) == null ? 0 : rq.u64(Attr.EVENT_SEQ);
        long wait = rq.first(Attr.WAIT_MS) == null ? 0 : Integer.toUnsignedLong(rq.u32(Attr.WAIT_MS));
        if (wait > MAX_WAIT_MS) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, "WAIT_MS " + wait + " is more than " + MAX_WAIT_MS);
        }
        GroupEvent.Batch b;
        try {
            b = log.after(rq.textOr(Attr.EPOCH, null), after, wait);
        } catch (IllegalArgumentException e) {
            return ApiMessage.error(rq, Status.BAD_REQUEST, e.getMessage());
        }
        ApiMessage r = ApiMessage.reply(rq, Status.OK).add(Attr.EPOCH, b.epoch()).add(Attr.EVENT_FIRST, b.first())
                .add(Attr.EVENT_LAST, b.last());
        for (GroupEvent e : b.events()) {
            e.addTo(r);
        }
        return r;
    }
}
