package eu.xtreemos.ds.dsco.daemon;

/** Who sent a request, from SO_PEERCRED / SO_PEERGROUPS, and what they may do. */
public record Caller(int pid, int uid, int gid, int[] groups, boolean privileged) {
    @Override
    public String toString() {
        return "uid " + uid + " (pid " + pid + ")";
    }
}
