package eu.xtreemos.ds.unix;

/**
 * Per-socket limits: the largest message and the most fds one message may carry. Both sides
 * enforce them: {@code send} refuses to send beyond them, {@code receive} rejects (and discards)
 * a message beyond them.
 *
 * @param maxMessageSize bytes, 1 .. {@value #MAX_MESSAGE_SIZE}
 * @param maxFds         fds per message, 0 .. {@value #MAX_FDS} (the kernel's SCM_MAX_FD)
 */
public record UnixSocketLimits(int maxMessageSize, int maxFds) {
    /** Hard ceiling for {@link #maxMessageSize}: a message must fit the socket send buffer. */
    public static final int MAX_MESSAGE_SIZE = 4 << 20;
    /** SCM_MAX_FD: the kernel refuses more fds in one message. */
    public static final int MAX_FDS = 253;

    /** 64 KiB messages, 64 fds per message. */
    public static final UnixSocketLimits DEFAULT = new UnixSocketLimits(64 << 10, 64);

    public UnixSocketLimits {
        if (maxMessageSize < 1 || maxMessageSize > MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("maxMessageSize must be 1.." + MAX_MESSAGE_SIZE + ": " + maxMessageSize);
        }
        if (maxFds < 0 || maxFds > MAX_FDS) {
            throw new IllegalArgumentException("maxFds must be 0.." + MAX_FDS + ": " + maxFds);
        }
    }
}
