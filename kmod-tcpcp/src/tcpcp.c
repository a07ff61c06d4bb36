/*
 * tcpcp: freeze, dump, restore and resume TCP connections with Linux TCP_REPAIR.
 * The record format and the restore order are those of docs/connection-state.md.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <linux/sockios.h>

#include "internal.h"
#include "tcpcp.h"

#ifndef SIOCOUTQNSD
#define SIOCOUTQNSD 0x894B
#endif

/* Dumping retries when the peer's packets change the queues while they are read. */
#define DUMP_ATTEMPTS 16
/* Extra room when peeking the send queue: a partly acknowledged one-segment skb is not
 * trimmed by the kernel, so the peek may return a few already acknowledged bytes first. */
#define SENDQ_PEEK_SLACK (64u * 1024u + 4096u)
/* Largest value setsockopt(TCP_MAXSEG) accepts (MAX_TCP_WINDOW). */
#define MAX_USER_MSS 32767
/* Smallest value setsockopt(TCP_MAXSEG) accepts (TCP_MIN_MSS). */
#define MIN_USER_MSS 88

/* ---------------------------------------------------------------- socket helpers */

static int set_int(int s, int level, int opt, int val, const char *name)
{
	if (setsockopt(s, level, opt, &val, sizeof(val)) < 0) {
		tcpcp_set_syserror("setsockopt(%s=%d)", name, val);
		return -1;
	}
	return 0;
}

static int get_int(int s, int level, int opt, int *val, const char *name)
{
	socklen_t len = sizeof(*val);

	*val = 0;
	if (getsockopt(s, level, opt, val, &len) < 0) {
		tcpcp_set_syserror("getsockopt(%s)", name);
		return -1;
	}
	return 0;
}

#define SET_INT(s, level, opt, val) set_int(s, level, opt, (int)(val), #opt)
#define GET_INT(s, level, opt, val) get_int(s, level, opt, val, #opt)

static int ioctl_int(int s, unsigned long req, int *val, const char *name)
{
	*val = 0;
	if (ioctl(s, req, val) < 0) {
		tcpcp_set_syserror("ioctl(%s)", name);
		return -1;
	}
	return 0;
}

static int get_tcp_info(int s, struct tcp_info *ti)
{
	socklen_t len = sizeof(*ti);

	memset(ti, 0, sizeof(*ti));
	if (getsockopt(s, SOL_TCP, TCP_INFO, ti, &len) < 0) {
		tcpcp_set_syserror("getsockopt(TCP_INFO)");
		return -1;
	}
	return 0;
}

static int select_queue(int s, int queue)
{
	return SET_INT(s, SOL_TCP, TCP_REPAIR_QUEUE, queue);
}

static int get_queue_seq(int s, uint32_t *seq)
{
	int v;

	if (GET_INT(s, SOL_TCP, TCP_QUEUE_SEQ, &v) < 0)
		return -1;
	*seq = (uint32_t)v;
	return 0;
}

/* seq a is after seq b, modulo 2^32 */
static int seq_after(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0;
}

/* Write all of buf with send(); flags as given.  In repair mode nothing ever waits. */
static int send_all(int s, const uint8_t *buf, size_t len, int flags, int may_wait,
		    const char *what)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = send(s, buf + done, len - done, flags | MSG_NOSIGNAL);

		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && may_wait && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd p = { .fd = s, .events = POLLOUT };

			if (poll(&p, 1, -1) < 0 && errno != EINTR) {
				tcpcp_set_syserror("poll(POLLOUT) while writing %s", what);
				return -1;
			}
			continue;
		}
		if (n == 0)
			errno = EIO;
		tcpcp_set_syserror("send(%s, %zu of %zu bytes written)", what, done, len);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- fd table */

/* What tcpcp_activate() needs to know about a socket of tcpcp_create() or
 * tcpcp_freeze(): the never-sent tail, SO_REUSEADDR and the socket's own SO_MARK; and
 * what tcpcp_get() needs: the never-sent byte count at the freeze.  The inode tells a
 * reused fd number from the socket the entry was made for. */
struct pending {
	int fd;
	dev_t dev;
	ino_t ino;
	int reuse;
	uint32_t mark;
	int unsent;                /* SIOCOUTQNSD right after the freeze, -1 if unknown */
	uint8_t *tail;
	size_t tail_len;
};

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pending *table;
static size_t table_len, table_cap;

static int fd_ident(int s, dev_t *dev, ino_t *ino)
{
	struct stat sb;

	if (fstat(s, &sb) < 0) {
		tcpcp_set_syserror("fstat(fd %d)", s);
		return -1;
	}
	*dev = sb.st_dev;
	*ino = sb.st_ino;
	return 0;
}

/* Store e, replacing (and freeing) any entry for the same fd number.  On failure e's
 * tail is not taken over. */
static int table_put(const struct pending *e)
{
	int rc = 0;

	pthread_mutex_lock(&table_lock);
	for (size_t i = 0; i < table_len; i++) {
		if (table[i].fd == e->fd) {
			free(table[i].tail);
			table[i] = *e;
			goto out;
		}
	}
	if (table_len == table_cap) {
		size_t cap = table_cap ? table_cap * 2 : 16;
		struct pending *t = realloc(table, cap * sizeof(*t));

		if (!t) {
			errno = ENOMEM;
			tcpcp_set_syserror("realloc(fd table, %zu entries)", cap);
			rc = -1;
			goto out;
		}
		table = t;
		table_cap = cap;
	}
	table[table_len++] = *e;
out:
	pthread_mutex_unlock(&table_lock);
	return rc;
}

/* Remove the entry of fd and return it in *e (1), or 0 if there is none for this very
 * socket (a stale entry of an earlier socket with the same fd number is dropped). */
static int table_take(int fd, dev_t dev, ino_t ino, struct pending *e)
{
	int found = 0;

	pthread_mutex_lock(&table_lock);
	for (size_t i = 0; i < table_len; i++) {
		if (table[i].fd != fd)
			continue;
		if (table[i].dev == dev && table[i].ino == ino) {
			*e = table[i];
			found = 1;
		} else {
			free(table[i].tail);
		}
		table[i] = table[--table_len];
		break;
	}
	if (table_len == 0) {
		free(table);
		table = NULL;
		table_cap = 0;
	}
	pthread_mutex_unlock(&table_lock);
	return found;
}

/* The never-sent count kept for this very socket, -1 if none is. */
static int table_unsent(int fd, dev_t dev, ino_t ino)
{
	int unsent = -1;

	pthread_mutex_lock(&table_lock);
	for (size_t i = 0; i < table_len; i++) {
		if (table[i].fd == fd && table[i].dev == dev && table[i].ino == ino) {
			unsent = table[i].unsent;
			break;
		}
	}
	pthread_mutex_unlock(&table_lock);
	return unsent;
}

/* Set the mark kept for this very socket's entry; 0 if it has none. */
static int table_note_mark(int fd, dev_t dev, ino_t ino, uint32_t mark)
{
	int found = 0;

	pthread_mutex_lock(&table_lock);
	for (size_t i = 0; i < table_len; i++) {
		if (table[i].fd == fd && table[i].dev == dev && table[i].ino == ino) {
			table[i].mark = mark;
			found = 1;
			break;
		}
	}
	pthread_mutex_unlock(&table_lock);
	return found;
}

/* ---------------------------------------------------------------- freeze */

static int is_frozen(int s, int *frozen)
{
	return GET_INT(s, SOL_TCP, TCP_REPAIR, frozen);
}

static int get_mark(int s, uint32_t *mark)
{
	int v;

	if (GET_INT(s, SOL_SOCKET, SO_MARK, &v) < 0)
		return -1;
	*mark = (uint32_t)v;
	return 0;
}

/* The mark a socket is to get back: its own, never the library's. */
static uint32_t own_mark(uint32_t mark)
{
	return mark == TCPCP_MUTE_MARK ? 0 : mark;
}

/*
 * Mute s: the drop rule is checked first, the mark set after; without the rule the
 * socket is left as it was.  Setting SO_MARK also drops the socket's cached route, but
 * the rule does not depend on routes: every packet the socket sends from now on is
 * stamped with the new mark.
 */
static int mute(int s)
{
	if (tcpcp_mute_rule(s) < 0)
		return -1;
	return SET_INT(s, SOL_SOCKET, SO_MARK, TCPCP_MUTE_MARK);
}

/* An already frozen socket: mute it if it is not (frozen by someone else, or its mark
 * changed meanwhile).  Nothing is sent for it: it may no longer send. */
static int mute_frozen(int s)
{
	struct pending e = { .fd = s, .reuse = 1, .unsent = -1 };
	uint32_t mark;

	if (get_mark(s, &mark) < 0)
		return -1;
	if (mark == TCPCP_MUTE_MARK)
		return 0;
	if (fd_ident(s, &e.dev, &e.ino) < 0 || mute(s) < 0)
		return -1;
	/* Without an entry tcpcp_activate() would give the socket mark 0 and turn
	 * SO_REUSEADDR on: keep its own mark (the original SO_REUSEADDR is unknown here). */
	e.mark = mark;
	if (!table_note_mark(s, e.dev, e.ino, mark))
		(void)table_put(&e);
	return 0;
}

TCPCP_API int tcpcp_freeze(int s)
{
	struct sockaddr_storage peer;
	socklen_t plen = sizeof(peer);
	struct pending e = { .fd = s, .unsent = -1 };
	uint32_t mark;
	int frozen, reuse;

	if (is_frozen(s, &frozen) < 0)
		return -1;
	if (frozen)
		return mute_frozen(s);
	if (getpeername(s, (struct sockaddr *)&peer, &plen) < 0) {
		tcpcp_set_syserror("getpeername(fd %d): only a connected socket can be frozen", s);
		return -1;
	}
	if (fd_ident(s, &e.dev, &e.ino) < 0 || GET_INT(s, SOL_SOCKET, SO_REUSEADDR, &reuse) < 0 ||
	    get_mark(s, &mark) < 0)
		return -1;
	/* An ACK owed now (delayed) goes out while the socket may still send: muted it
	 * would wait for the restored socket's first segment.  The kernel sends it only if
	 * the receive queue is empty or more than one segment is unacknowledged. */
	if (SET_INT(s, SOL_TCP, TCP_QUICKACK, 1) < 0 || mute(s) < 0)
		return -1;
	if (SET_INT(s, SOL_TCP, TCP_REPAIR, TCP_REPAIR_ON) < 0) {
		int saved = errno;

		(void)setsockopt(s, SOL_SOCKET, SO_MARK, &(int){ (int)mark }, sizeof(int));
		errno = saved;
		return -1;
	}
	/* Remember SO_REUSEADDR (leaving repair mode clears it) and the socket's own mark.
	 * Without a table entry tcpcp_activate() turns SO_REUSEADDR on, which is what a
	 * server socket has anyway, and gives mark 0. */
	e.reuse = reuse != 0;
	e.mark = own_mark(mark);
	/* Muted and frozen, the socket can no longer advance snd_nxt by sending, and the
	 * application can no longer queue: the never-sent count is final now (see
	 * dump_queues). */
	if (ioctl(s, SIOCOUTQNSD, &e.unsent) < 0 || e.unsent < 0)
		e.unsent = -1;
	(void)table_put(&e);
	return 0;
}

/*
 * Leave repair mode: first the mark back (the socket's own from the table, default 0;
 * only if it still is the library's: one the application set meanwhile stays), so that
 * the window probe TCP_REPAIR_OFF sends goes out; then SO_REUSEADDR back (from the
 * table, default on).  If repair mode cannot be left the socket is muted again.
 */
static int thaw(int s, const struct pending *e, int found)
{
	uint32_t mark;
	int muted;

	if (get_mark(s, &mark) < 0)
		return -1;
	muted = mark == TCPCP_MUTE_MARK;
	if (muted && SET_INT(s, SOL_SOCKET, SO_MARK, found ? e->mark : 0) < 0)
		return -1;
	if (SET_INT(s, SOL_TCP, TCP_REPAIR, TCP_REPAIR_OFF) < 0) {
		int saved = errno;

		if (muted)
			(void)setsockopt(s, SOL_SOCKET, SO_MARK, &(int){ (int)TCPCP_MUTE_MARK }, sizeof(int));
		errno = saved;
		return -1;
	}
	if (!found || e->reuse)
		return SET_INT(s, SOL_SOCKET, SO_REUSEADDR, 1);
	return 0;
}

/* ---------------------------------------------------------------- dump */

static const char *state_name(unsigned st)
{
	static const char *const names[] = {
		"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
		"CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"
	};
	return st < sizeof(names) / sizeof(names[0]) ? names[st] : "?";
}

static int check_established(int s, struct tcp_info *ti)
{
	if (get_tcp_info(s, ti) < 0)
		return -1;
	if (ti->tcpi_state != TCP_ESTABLISHED) {
		errno = ENOTCONN;
		tcpcp_set_error("tcpi_state=%u (%s): only an ESTABLISHED connection can be dumped",
				ti->tcpi_state, state_name(ti->tcpi_state));
		return -1;
	}
	return 0;
}

static int dump_addresses(int s, struct tcpcp_state *st)
{
	struct sockaddr_storage l, r;
	socklen_t ll = sizeof(l), rl = sizeof(r);

	if (getsockname(s, (struct sockaddr *)&l, &ll) < 0) {
		tcpcp_set_syserror("getsockname");
		return -1;
	}
	if (getpeername(s, (struct sockaddr *)&r, &rl) < 0) {
		tcpcp_set_syserror("getpeername");
		return -1;
	}
	if (l.ss_family == AF_INET && r.ss_family == AF_INET) {
		const struct sockaddr_in *l4 = (const void *)&l, *r4 = (const void *)&r;

		st->family = REC_FAMILY_V4;
		memcpy(st->local_addr, &l4->sin_addr, 4);
		memcpy(st->remote_addr, &r4->sin_addr, 4);
		st->local_port = ntohs(l4->sin_port);
		st->remote_port = ntohs(r4->sin_port);
	} else if (l.ss_family == AF_INET6 && r.ss_family == AF_INET6) {
		const struct sockaddr_in6 *l6 = (const void *)&l, *r6 = (const void *)&r;

		if (IN6_IS_ADDR_V4MAPPED(&l6->sin6_addr) && IN6_IS_ADDR_V4MAPPED(&r6->sin6_addr)) {
			/* IPv4 on the wire (dual-stack socket): recorded as IPv4 */
			st->family = REC_FAMILY_V4;
			memcpy(st->local_addr, &l6->sin6_addr.s6_addr[12], 4);
			memcpy(st->remote_addr, &r6->sin6_addr.s6_addr[12], 4);
		} else {
			st->family = REC_FAMILY_V6;
			memcpy(st->local_addr, &l6->sin6_addr, 16);
			memcpy(st->remote_addr, &r6->sin6_addr, 16);
		}
		st->local_port = ntohs(l6->sin6_port);
		st->remote_port = ntohs(r6->sin6_port);
	} else {
		errno = EAFNOSUPPORT;
		tcpcp_set_error("getsockname: address family %d is neither AF_INET nor AF_INET6",
				l.ss_family);
		return -1;
	}
	return 0;
}

static int dump_sockopts(int s, int sock_family, struct tcpcp_state *st)
{
	int v, tos, ttl;
	socklen_t len;

	if (GET_INT(s, SOL_TCP, TCP_MAXSEG, &v) < 0)
		return -1;
	st->mss = (uint16_t)(v > 0xFFFF ? 0xFFFF : v);
	if (GET_INT(s, SOL_TCP, TCP_NODELAY, &v) < 0)
		return -1;
	st->flags |= v ? REC_FLAG_NODELAY : 0;
	if (GET_INT(s, SOL_SOCKET, SO_KEEPALIVE, &v) < 0)
		return -1;
	st->flags |= v ? REC_FLAG_KEEPALIVE : 0;
	if (GET_INT(s, SOL_SOCKET, SO_SNDBUF, &v) < 0)
		return -1;
	st->sndbuf = (uint32_t)v;
	if (GET_INT(s, SOL_SOCKET, SO_RCVBUF, &v) < 0)
		return -1;
	st->rcvbuf = (uint32_t)v;
	if (GET_INT(s, SOL_TCP, TCP_KEEPIDLE, &v) < 0)
		return -1;
	st->keepidle = (uint32_t)v;
	if (GET_INT(s, SOL_TCP, TCP_KEEPINTVL, &v) < 0)
		return -1;
	st->keepintvl = (uint32_t)v;
	if (GET_INT(s, SOL_TCP, TCP_KEEPCNT, &v) < 0)
		return -1;
	st->keepcnt = (uint32_t)v;
	if (sock_family == AF_INET || st->family == REC_FAMILY_V4) {
		/* also right for an IPv4-mapped connection on an AF_INET6 socket */
		if (GET_INT(s, SOL_IP, IP_TOS, &tos) < 0 || GET_INT(s, SOL_IP, IP_TTL, &ttl) < 0)
			return -1;
	} else {
		if (GET_INT(s, SOL_IPV6, IPV6_TCLASS, &tos) < 0 ||
		    GET_INT(s, SOL_IPV6, IPV6_UNICAST_HOPS, &ttl) < 0)
			return -1;
	}
	st->tos = (uint8_t)tos;
	st->ttl = (uint8_t)(ttl < 1 ? 64 : ttl > 255 ? 255 : ttl);
	len = sizeof(st->congestion) - 1;
	memset(st->congestion, 0, sizeof(st->congestion));
	if (getsockopt(s, SOL_TCP, TCP_CONGESTION, st->congestion, &len) < 0) {
		tcpcp_set_syserror("getsockopt(TCP_CONGESTION)");
		return -1;
	}
	return 0;
}

/* Make *buf at least need bytes long. */
static int reserve(uint8_t **buf, size_t *cap, size_t need)
{
	uint8_t *nb;

	if (need <= *cap)
		return 0;
	nb = realloc(*buf, need);
	if (!nb) {
		tcpcp_set_syserror("malloc(%zu) for the record", need);
		return -1;
	}
	*buf = nb;
	*cap = need;
	return 0;
}

/* Peek the selected queue into *buf at offset off, with room bytes for it and extra
 * bytes kept free behind.  The send-queue peek copies whole skbs and fails with EFAULT
 * if they do not fit: then the room grows. */
static int peek_queue(int s, uint8_t **buf, size_t *cap, size_t off, size_t room, size_t extra,
		      size_t *got, const char *what)
{
	for (;;) {
		ssize_t n;

		if (reserve(buf, cap, off + room + extra) < 0)
			return -1;
		n = recv(s, *buf + off, room, MSG_PEEK | MSG_DONTWAIT);
		if (n >= 0) {
			*got = (size_t)n;
			return 0;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			*got = 0;
			return 0;
		}
		if (errno == EINTR)
			continue;
		if (errno == EFAULT && room < 2u * REC_MAX_LEN) {
			room = room * 2 + SENDQ_PEEK_SLACK;
			continue;
		}
		tcpcp_set_syserror("recv(MSG_PEEK, %s in repair mode, %zu bytes)", what, room);
		return -1;
	}
}

/* Queues, sequence numbers, windows and timestamp, consistent with each other even if
 * packets of the peer are processed meanwhile: 1 = consistent, 0 = try again, -1 = error.
 * The queues are peeked straight into their places in the record *buf.  unsent is the
 * never-sent byte count of the frozen socket (tcpcp_get). */
static int dump_queues(int s, struct tcpcp_state *st, uint8_t **buf, size_t *cap, int unsent)
{
	struct tcp_repair_window w;
	socklen_t wl = sizeof(w);
	uint32_t seq1, seq2;
	int outq, inq, ts;
	size_t n, qlen;

	/* Send queue: write_seq is fixed while frozen; ACKs may only shorten the queue at
	 * its head, so the peeked bytes always end at write_seq. */
	if (select_queue(s, TCP_SEND_QUEUE) < 0 || get_queue_seq(s, &st->send_seq) < 0 ||
	    ioctl_int(s, SIOCOUTQ, &outq, "SIOCOUTQ") < 0)
		return -1;
	/* Receive queue: its head (copied_seq) is fixed while frozen; data may arrive at the
	 * tail.  Take rcv_nxt and the queue length at one instant. */
	if (select_queue(s, TCP_RECV_QUEUE) < 0 || get_queue_seq(s, &seq1) < 0 ||
	    ioctl_int(s, SIOCINQ, &inq, "SIOCINQ") < 0 || get_queue_seq(s, &seq2) < 0)
		return -1;
	if (seq1 != seq2)
		return 0;
	if (outq < 0 || inq < 0 || (uint64_t)outq + (uint64_t)inq + REC_MIN_LEN > REC_MAX_LEN) {
		errno = EMSGSIZE;
		tcpcp_set_error("ioctl(SIOCOUTQ)=%d + ioctl(SIOCINQ)=%d: the queues do not fit in a "
				"64 MiB record", outq, inq);
		return -1;
	}

	if (select_queue(s, TCP_SEND_QUEUE) < 0 ||
	    peek_queue(s, buf, cap, REC_HEADER_LEN, (size_t)outq + SENDQ_PEEK_SLACK,
			(size_t)inq + 1 + REC_CRC_LEN, &n, "send queue") < 0)
		return -1;
	qlen = n < (size_t)outq ? n : (size_t)outq;
	if (n > qlen) /* already acknowledged bytes of an untrimmed skb */
		memmove(*buf + REC_HEADER_LEN, *buf + REC_HEADER_LEN + (n - qlen), qlen);
	st->send_queue_len = (uint32_t)qlen;
	st->send_unsent_len = (uint32_t)(unsent <= 0 ? 0 : (size_t)unsent < qlen ? (size_t)unsent : qlen);

	if (select_queue(s, TCP_RECV_QUEUE) < 0 ||
	    peek_queue(s, buf, cap, REC_HEADER_LEN + qlen, (size_t)inq + 1, REC_CRC_LEN, &n,
		       "receive queue") < 0)
		return -1;
	if (n < (size_t)inq)
		return 0;
	st->recv_seq = seq1;
	st->recv_queue_len = (uint32_t)inq;

	if (select_queue(s, TCP_NO_QUEUE) < 0)
		return -1;
	if (getsockopt(s, SOL_TCP, TCP_REPAIR_WINDOW, &w, &wl) < 0) {
		tcpcp_set_syserror("getsockopt(TCP_REPAIR_WINDOW)");
		return -1;
	}
	/* the restore is refused by the kernel if rcv_wup is after rcv_nxt */
	if (seq_after(w.rcv_wup, st->recv_seq) || seq_after(w.snd_wl1, st->recv_seq + w.rcv_wnd))
		return 0;
	st->snd_wl1 = w.snd_wl1;
	st->snd_wnd = w.snd_wnd;
	st->max_window = w.max_window;
	st->rcv_wnd = w.rcv_wnd;
	st->rcv_wup = w.rcv_wup;
	if (GET_INT(s, SOL_TCP, TCP_TIMESTAMP, &ts) < 0)
		return -1;
	st->timestamp = (uint32_t)ts;
	return 1;
}

TCPCP_API void *tcpcp_get(int s)
{
	struct tcpcp_state st;
	struct tcp_info ti;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	uint8_t *rec = NULL, *shrunk;
	size_t cap = 0, len;
	int frozen, rc = 0, unsent;
	dev_t dev;
	ino_t ino;

	memset(&st, 0, sizeof(st));
	if (is_frozen(s, &frozen) < 0 || check_established(s, &ti) < 0)
		return NULL;
	/* also when frozen: a socket frozen outside this library is muted before its dump */
	if (tcpcp_freeze(s) < 0)
		return NULL;
	/* the state may have changed before the freeze took hold */
	if (check_established(s, &ti) < 0)
		goto fail;
	if (getsockname(s, (struct sockaddr *)&ss, &sl) < 0) {
		tcpcp_set_syserror("getsockname");
		goto fail;
	}
	if (dump_addresses(s, &st) < 0 || dump_sockopts(s, ss.ss_family, &st) < 0)
		goto fail;
	st.tcp_state = REC_STATE_ESTABLISHED;
	st.options = ti.tcpi_options & REC_OPT_KNOWN;
	if (st.options & REC_OPT_WSCALE) {
		st.snd_wscale = ti.tcpi_snd_wscale;
		st.rcv_wscale = ti.tcpi_rcv_wscale;
	}
	/*
	 * The never-sent count is the one taken right after the freeze, not read now.  A frozen
	 * socket still runs its transmit path (an ACK of the peer, a pacing or TSQ timer), and
	 * while the send queue is selected for reading that path does not transmit but marks
	 * the whole never-sent tail as sent, window or not: read afterwards, the record would
	 * call bytes sent that never left, and a restored socket would wait for its
	 * retransmission timer to send them.  Muted, the socket sends nothing after the
	 * freeze, so snd_nxt can only move by that marking, and the count taken then is the
	 * truth.  Without a kept count (a socket frozen outside this library, or its table
	 * entry could not be stored) it is read here, before the send queue is selected.
	 */
	unsent = fd_ident(s, &dev, &ino) == 0 ? table_unsent(s, dev, ino) : -1;
	if (unsent < 0 && (select_queue(s, TCP_NO_QUEUE) < 0 ||
			   ioctl_int(s, SIOCOUTQNSD, &unsent, "SIOCOUTQNSD") < 0))
		goto fail;
	for (int attempt = 0; attempt < DUMP_ATTEMPTS && rc == 0; attempt++)
		rc = dump_queues(s, &st, &rec, &cap, unsent);
	if (rc == 0) {
		errno = EAGAIN;
		tcpcp_set_error("receive queue kept changing while it was read (%d attempts)",
				DUMP_ATTEMPTS);
	}
	if (rc <= 0)
		goto fail;
	len = tcpcp_record_len(&st);
	tcpcp_record_finish(rec, &st);
	shrunk = realloc(rec, len);
	return shrunk ? shrunk : rec;
fail:
	free(rec);
	if (!frozen) {
		/* give the connection back as it was */
		int saved = errno;
		struct pending e;
		char reason[320];
		int found;

		snprintf(reason, sizeof(reason), "%s", tcpcp_last_error());
		found = fd_ident(s, &dev, &ino) == 0 && table_take(s, dev, ino, &e);
		if (found)
			free(e.tail);
		(void)select_queue(s, TCP_NO_QUEUE);
		(void)thaw(s, &e, found);
		tcpcp_set_error("%s", reason); /* the first failure is the one to report */
		errno = saved;
	}
	return NULL;
}

TCPCP_API size_t tcpcp_size(const void *ici)
{
	return tcpcp_record_size(ici);
}

/* ---------------------------------------------------------------- restore */

static socklen_t make_sockaddr(const struct tcpcp_state *st, const uint8_t *addr, uint16_t port,
			       struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (st->family == REC_FAMILY_V4) {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;

		a->sin_family = AF_INET;
		a->sin_port = htons(port);
		memcpy(&a->sin_addr, addr, 4);
		return sizeof(*a);
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons(port);
		memcpy(&a->sin6_addr, addr, 16);
		return sizeof(*a);
	}
}

/*
 * SO_SNDBUF/SO_RCVBUF with half the buffer size to get (the kernel doubles it): the
 * recorded size; for the send buffer at least 2 * send queue + 64 KiB, because the
 * restored skbs are not laid out like the original ones and a send queue that filled
 * the original buffer to the brim would otherwise not fit again (tcpcp_activate would
 * block on the tail until the peer reads).  The receive queue is written by
 * tcp_send_rcvq, which does not hold it to the buffer size.  The FORCE variants (they
 * need CAP_NET_ADMIN, as TCP_REPAIR does) are not capped by net.core.wmem_max /
 * rmem_max: an autotuned buffer is larger than an application may ask for.
 */
static int set_buf(int s, int force_opt, int opt, uint32_t recorded, uint32_t queue,
		   const char *force_name, const char *name)
{
	uint64_t want = recorded, need = 2ull * queue + 65536;
	int v;

	if (queue && need > want)
		want = need;
	if (want == 0)
		return 0;
	v = (int)(want / 2 > INT32_MAX / 2 ? INT32_MAX / 2 : want / 2);
	if (setsockopt(s, SOL_SOCKET, force_opt, &v, sizeof(v)) == 0)
		return 0;
	if (errno != EPERM)
		return set_int(s, SOL_SOCKET, force_opt, v, force_name);
	return set_int(s, SOL_SOCKET, opt, v, name);
}

/*
 * The TCP_MAXSEG value for step 4.  Usually the recorded mss, but:
 * - the kernel refuses TCP_MAXSEG above 32767 (MAX_TCP_WINDOW), while the MSS of a
 *   loopback connection is 65495;
 * - a handshake bounds the segment size to half the peer's largest window
 *   (tcp_bound_to_half_wnd) when it computes it; connect() in repair mode computes it
 *   before TCP_REPAIR_WINDOW sets max_window, so the bound is applied here.  Without it
 *   a peer whose window stays below the MSS only gets one window-sized segment per
 *   persist-timer tick (about 4 KiB per 200 ms).
 * Step 6 then sets the exact recorded mss as the connection's MSS clamp.
 */
static int user_mss(const struct tcpcp_state *st)
{
	uint32_t v = st->mss;

	if (st->max_window && v > st->max_window / 2)
		v = st->max_window / 2;
	if (v > MAX_USER_MSS)
		v = MAX_USER_MSS;
	if (v < MIN_USER_MSS)
		v = MIN_USER_MSS;
	return (int)v;
}

static int restore(int s, const struct tcpcp_state *st)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	struct tcp_repair_opt opts[4];
	struct tcp_repair_window w;
	unsigned nopts = 0;
	uint32_t sent = st->send_queue_len - st->send_unsent_len;

	/* 1. muted as a frozen socket (its timers run from the moment its queues are in
	 * place), then repair mode (lets the socket bind beside a listener on the same port) */
	if (mute(s) < 0 || SET_INT(s, SOL_TCP, TCP_REPAIR, TCP_REPAIR_ON) < 0)
		return -1;
	/* 2. buffers, local address */
	if (set_buf(s, SO_SNDBUFFORCE, SO_SNDBUF, st->sndbuf, st->send_queue_len,
		    "SO_SNDBUFFORCE", "SO_SNDBUF") < 0 ||
	    set_buf(s, SO_RCVBUFFORCE, SO_RCVBUF, st->rcvbuf, 0, "SO_RCVBUFFORCE", "SO_RCVBUF") < 0)
		return -1;
	sl = make_sockaddr(st, st->local_addr, st->local_port, &ss);
	if (bind(s, (struct sockaddr *)&ss, sl) < 0) {
		tcpcp_set_syserror("bind(local_addr:local_port %u)", st->local_port);
		return -1;
	}
	/* 3. sequence numbers of the first queued bytes */
	if (select_queue(s, TCP_SEND_QUEUE) < 0 ||
	    SET_INT(s, SOL_TCP, TCP_QUEUE_SEQ, st->send_seq - st->send_queue_len) < 0 ||
	    select_queue(s, TCP_RECV_QUEUE) < 0 ||
	    SET_INT(s, SOL_TCP, TCP_QUEUE_SEQ, st->recv_seq - st->recv_queue_len) < 0)
		return -1;
	/* 4. MSS before connect: connect computes the segment size (mss_cache) once,
	 * clamped to it; without it the socket keeps the 536-byte default. */
	if (st->mss && SET_INT(s, SOL_TCP, TCP_MAXSEG, user_mss(st)) < 0)
		return -1;
	/* 5. connect: in repair mode this only enters ESTABLISHED */
	sl = make_sockaddr(st, st->remote_addr, st->remote_port, &ss);
	if (connect(s, (struct sockaddr *)&ss, sl) < 0) {
		tcpcp_set_syserror("connect(remote_addr:remote_port %u)", st->remote_port);
		return -1;
	}
	/* 6. negotiated options */
	if (st->mss)
		opts[nopts++] = (struct tcp_repair_opt){ TCPOPT_MAXSEG, st->mss };
	/* Window scale even when it was not negotiated (then 0/0, as recorded): connect()
	 * picked a receive scale for a handshake that never happened (from the local
	 * tcp_window_scaling sysctl and buffer size), and a peer that does not scale would
	 * read our windows too small.  Side effect: tcpi_options then shows bit 2. */
	opts[nopts++] = (struct tcp_repair_opt){ TCPOPT_WINDOW,
		(uint32_t)st->snd_wscale | ((uint32_t)st->rcv_wscale << 16) };
	if (st->options & REC_OPT_SACK)
		opts[nopts++] = (struct tcp_repair_opt){ TCPOPT_SACK_PERMITTED, 0 };
	if (st->options & REC_OPT_TIMESTAMPS)
		opts[nopts++] = (struct tcp_repair_opt){ TCPOPT_TIMESTAMP, 0 };
	if (nopts && setsockopt(s, SOL_TCP, TCP_REPAIR_OPTIONS, opts,
				(socklen_t)(nopts * sizeof(opts[0]))) < 0) {
		tcpcp_set_syserror("setsockopt(TCP_REPAIR_OPTIONS, options=0x%02x mss=%u wscale=%u/%u)",
				   st->options, st->mss, st->snd_wscale, st->rcv_wscale);
		return -1;
	}
	/* 7. timestamp clock (PAWS) */
	if (SET_INT(s, SOL_TCP, TCP_TIMESTAMP, st->timestamp) < 0)
		return -1;
	/* 8. queues: the whole receive queue, the already sent part of the send queue */
	if (select_queue(s, TCP_RECV_QUEUE) < 0 ||
	    send_all(s, st->recv_queue, st->recv_queue_len, MSG_DONTWAIT, 0,
		     "receive queue in repair mode") < 0)
		return -1;
	if (select_queue(s, TCP_SEND_QUEUE) < 0 ||
	    send_all(s, st->send_queue, sent, MSG_DONTWAIT, 0,
		     "sent part of the send queue in repair mode") < 0)
		return -1;
	if (select_queue(s, TCP_NO_QUEUE) < 0)
		return -1;
	/* 9. windows (the kernel checks them against rcv_nxt, hence after the queues) */
	w = (struct tcp_repair_window){ .snd_wl1 = st->snd_wl1, .snd_wnd = st->snd_wnd,
		.max_window = st->max_window, .rcv_wnd = st->rcv_wnd, .rcv_wup = st->rcv_wup };
	if (setsockopt(s, SOL_TCP, TCP_REPAIR_WINDOW, &w, sizeof(w)) < 0) {
		tcpcp_set_syserror("setsockopt(TCP_REPAIR_WINDOW)");
		return -1;
	}
	/* 10. socket options */
	if (SET_INT(s, SOL_TCP, TCP_NODELAY, (st->flags & REC_FLAG_NODELAY) != 0) < 0 ||
	    SET_INT(s, SOL_SOCKET, SO_KEEPALIVE, (st->flags & REC_FLAG_KEEPALIVE) != 0) < 0)
		return -1;
	if ((st->keepidle && SET_INT(s, SOL_TCP, TCP_KEEPIDLE, st->keepidle) < 0) ||
	    (st->keepintvl && SET_INT(s, SOL_TCP, TCP_KEEPINTVL, st->keepintvl) < 0) ||
	    (st->keepcnt && SET_INT(s, SOL_TCP, TCP_KEEPCNT, st->keepcnt) < 0))
		return -1;
	/* The algorithm may not exist on this host: the connection then keeps the default
	 * one rather than being refused (the Java engine does the same). */
	if (st->congestion[0])
		(void)setsockopt(s, SOL_TCP, TCP_CONGESTION, st->congestion, (socklen_t)strlen(st->congestion));
	if (st->family == REC_FAMILY_V4) {
		if (SET_INT(s, SOL_IP, IP_TOS, st->tos) < 0 || SET_INT(s, SOL_IP, IP_TTL, st->ttl) < 0)
			return -1;
	} else {
		if (SET_INT(s, SOL_IPV6, IPV6_TCLASS, st->tos) < 0 ||
		    SET_INT(s, SOL_IPV6, IPV6_UNICAST_HOPS, st->ttl) < 0)
			return -1;
	}
	return 0;
}

TCPCP_API int tcpcp_create(const void *ici, size_t len)
{
	struct tcpcp_state st;
	struct pending e = { .reuse = 1, .unsent = -1 };
	int s;

	if (tcpcp_record_decode(ici, len, &st) < 0)
		return -1;
	s = socket(st.family == REC_FAMILY_V4 ? AF_INET : AF_INET6,
		   SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
	if (s < 0) {
		tcpcp_set_syserror("socket(%s)", st.family == REC_FAMILY_V4 ? "AF_INET" : "AF_INET6");
		return -1;
	}
	if (restore(s, &st) < 0)
		goto fail;
	/* keep the never-sent tail for tcpcp_activate() */
	e.fd = s;
	if (fd_ident(s, &e.dev, &e.ino) < 0)
		goto fail;
	if (st.send_unsent_len) {
		e.tail = malloc(st.send_unsent_len);
		if (!e.tail) {
			tcpcp_set_syserror("malloc(%u) for the unsent tail", st.send_unsent_len);
			goto fail;
		}
		memcpy(e.tail, st.send_queue + (st.send_queue_len - st.send_unsent_len),
		       st.send_unsent_len);
		e.tail_len = st.send_unsent_len;
	}
	if (table_put(&e) < 0) {
		free(e.tail);
		goto fail;
	}
	return s;
fail: {
		int saved = errno;

		close(s); /* in repair mode: nothing reaches the peer */
		errno = saved;
		return -1;
	}
}

/* ---------------------------------------------------------------- activate, flush */

TCPCP_API int tcpcp_activate(int s)
{
	struct pending e = { .fd = s };
	int found, rc = 0;

	if (fd_ident(s, &e.dev, &e.ino) < 0)
		return -1;
	found = table_take(s, e.dev, e.ino, &e);
	if (thaw(s, &e, found) < 0) {
		if (found && table_put(&e) < 0)
			free(e.tail);
		return -1;
	}
	if (found && e.tail_len)
		rc = send_all(s, e.tail, e.tail_len, 0, 1, "never-sent tail of the send queue");
	if (found)
		free(e.tail);
	return rc;
}

static void add_ns(struct timespec *t, long long ns)
{
	long long total = (long long)t->tv_nsec + ns;

	t->tv_sec += (time_t)(total / 1000000000LL);
	t->tv_nsec = (long)(total % 1000000000LL);
}

static long long diff_ns(const struct timespec *a, const struct timespec *b)
{
	return ((long long)a->tv_sec - b->tv_sec) * 1000000000LL + (a->tv_nsec - b->tv_nsec);
}

TCPCP_API int tcpcp_flush(int s, int timeout_ms)
{
	struct timespec now, deadline;
	struct tcp_info ti;
	int outq;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	add_ns(&deadline, (long long)(timeout_ms < 0 ? 0 : timeout_ms) * 1000000LL);
	for (;;) {
		long long interval_ns, left_ns;
		struct timespec nap;

		if (ioctl_int(s, SIOCOUTQ, &outq, "SIOCOUTQ") < 0)
			return -1;
		if (outq == 0)
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &now);
		left_ns = diff_ns(&deadline, &now);
		if (timeout_ms >= 0 && left_ns <= 0) {
			errno = ETIMEDOUT;
			tcpcp_set_error("send queue still holds %d bytes after %d ms (SIOCOUTQ)",
					outq, timeout_ms);
			return -1;
		}
		/* The kernel offers no wakeup for "send queue fully acknowledged" (POLLOUT
		 * only means buffer space), so poll the queue length.  An ACK comes about one
		 * RTT after a send: check rtt/8 apart, clamped to [50 us, 1 ms]. */
		if (get_tcp_info(s, &ti) < 0)
			return -1;
		interval_ns = (long long)ti.tcpi_rtt * 1000 / 8;
		if (interval_ns < 50000)
			interval_ns = 50000;
		if (interval_ns > 1000000)
			interval_ns = 1000000;
		if (timeout_ms >= 0 && interval_ns > left_ns)
			interval_ns = left_ns;
		nap.tv_sec = 0;
		nap.tv_nsec = (long)interval_ns;
		nanosleep(&nap, NULL);
	}
}
