/*
 * tcpcp -- TCP connection checkpoint/restore on Linux TCP_REPAIR.
 *
 * A connection is frozen, dumped into a self-contained record (the byte format of
 * docs/connection-state.md, shared with the Java socket engine), and rebuilt from that
 * record on a host that owns the same local address.  Every call needs CAP_NET_ADMIN in
 * the socket's network namespace (TCP_REPAIR requires it).
 *
 * Failures return -1 / NULL / 0 with errno set; tcpcp_last_error() then tells why, naming
 * the record field or the syscall.  All functions are thread-safe.
 */
#ifndef TCPCP_H
#define TCPCP_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* SO_MARK of a socket this library holds in repair mode (frozen or restored and not yet
 * activated).  An nf_tables rule the library keeps in the socket's network namespace
 * drops every packet so marked: a frozen socket sends nothing, not even what its timers
 * decide (see README.md).  Reserved: applications must not use this mark. */
#define TCPCP_MUTE_MARK 0x54430f00u

/* Put the connected TCP socket s into repair mode (TCP_REPAIR on): it stops sending and
 * its queues can be read.  First an ACK the socket owes is sent while it still may be
 * (TCP_QUICKACK, which sends it unless unread data waits and less than a segment is
 * unacknowledged), then the socket gets SO_MARK TCPCP_MUTE_MARK (its own mark is kept
 * for tcpcp_activate) and nothing it sends leaves the host until tcpcp_activate().
 * If the drop rule cannot be put in place (no nf_tables, no CAP_NET_ADMIN) the socket is
 * left live and untouched and tcpcp_last_error() names the rule and the failing step.
 * Idempotent (an already frozen socket is muted if it is not).  0, or -1 with errno. */
int tcpcp_freeze(int s);

/* Freeze s if it is not yet frozen and dump its whole state (sequence numbers, windows,
 * options, both queues, socket options) as one malloc'd record; free() it.  The socket
 * stays frozen: close() it to drop the connection silently, or tcpcp_activate() it to
 * resume it.  Only ESTABLISHED connections can be dumped (ENOTCONN otherwise).
 * NULL with errno on failure. */
void *tcpcp_get(int s);

/* total_len of a record, read from its first 12 bytes; 0 if they are not a plausible
 * version-1 header (magic, version, header_len, total_len within 148 bytes .. 64 MiB). */
size_t tcpcp_size(const void *ici);

/* Validate the len-byte record (every check of the format's Validation section; EINVAL
 * and a reason naming the field when it is refused), create a socket and rebuild the
 * connection in it (steps 1-10 of the format's restore order).  The socket stays in
 * repair mode, muted as a frozen one (SO_MARK TCPCP_MUTE_MARK): nothing is sent until
 * tcpcp_activate(), which leaves it with mark 0 (the record carries no SO_MARK).  Its
 * never-sent send-queue tail is kept in memory for tcpcp_activate(); closing the fd
 * instead drops the connection silently (the kept tail is freed when the fd number is
 * used again by this library).
 * Returns the new fd (blocking, close-on-exec), or -1 with errno. */
int tcpcp_create(const void *ici, size_t len);

/* Resume a socket from tcpcp_create() or tcpcp_freeze(): SO_MARK back (the socket's own
 * mark for a frozen one, 0 for a restored one; only if it is still TCPCP_MUTE_MARK),
 * TCP_REPAIR off (this sends a window probe carrying an up-to-date ACK), SO_REUSEADDR
 * back (on for a restored socket, its value before the freeze for a frozen one), then
 * write the never-sent tail kept by tcpcp_create() (blocks, even on a non-blocking fd,
 * until the tail is in the send buffer).  0, or -1 with errno. */
int tcpcp_activate(int s);

/* Wait until the send queue of s is empty (SIOCOUTQ == 0: everything sent and
 * acknowledged).  0 when empty, -1 with errno ETIMEDOUT after timeout_ms (a negative
 * timeout waits for ever), or -1 with the errno of a failing call. */
int tcpcp_flush(int s, int timeout_ms);

/* Human-readable reason of the calling thread's last failure ("" if none yet), e.g.
 * "record field total_len=100 but record is 90 bytes" or
 * "setsockopt(TCP_REPAIR_WINDOW): Invalid argument".  Kept until the thread's next
 * failing tcpcp call. */
const char *tcpcp_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* TCPCP_H */
