package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.MalformedMessageException;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.protect.Checkpointer;

/** CHECKPOINT: a protected client's sockets and state, for its backup node (docs/fault-tolerance.md). */
final class CheckpointApi {
    private final Checkpointer checkpointer; // null without protected services

    CheckpointApi(Checkpointer checkpointer) {
        this.checkpointer = checkpointer;
    }

    ApiMessage checkpoint(ApiMessage rq, int[] fds) throws MalformedMessageException {
        String service = rq.text(Attr.SERVICE);
        if (checkpointer == null) {
            return ApiMessage.error(rq, Status.FAILED, "service '" + service + "' is not protected: this dsco protects no service");
        }
        ApiMessage.Attribute blob = rq.first(Attr.BLOB);
        try {
            long seq = checkpointer.checkpoint(service, rq.address(Attr.ADDRESS), fds, blob == null ? new byte[0] : blob.value());
            return ApiMessage.reply(rq, Status.OK).add(Attr.CHECKPOINT_SEQ, seq);
        } catch (Checkpointer.Refused e) {
            return ApiMessage.error(rq, Status.FAILED, "checkpoint not taken: " + e.getMessage());
        }
    }
}
