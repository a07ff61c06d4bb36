package eu.xtreemos.ds.dsco.membership;

import java.util.List;

/** Told about membership changes of the dsco group (for dsco itself, and for services such as Virtual Nodes). */
public interface MembershipListener {
    /** The live members changed; {@code members} are node names, oldest first. */
    void membersChanged(List<String> members, List<String> left, List<String> joined);
}
