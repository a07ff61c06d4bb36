/* Helpers shared by the tcpcp test and bench programs (header-only). */
#ifndef TCPCP_TESTUTIL_H
#define TCPCP_TESTUTIL_H

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/filter.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "tcpcp.h"

#ifndef SOL_TCP
#define SOL_TCP IPPROTO_TCP
#endif

/* ---------------------------------------------------------------- failure reporting */

static char tu_failure[512];

static inline int tu_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static inline int tu_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (tu_failure[0])
		return -1; /* keep the first failure */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(tu_failure, sizeof(tu_failure), "%s:%d: %s", file, line, msg);
	return -1;
}

#define FAILF(...) tu_fail(__FILE__, __LINE__, __VA_ARGS__)
/* In a function returning int: on a false condition record the failure and return -1. */
#define CHECK(cond, ...) do { if (!(cond)) return FAILF(__VA_ARGS__); } while (0)
#define CHECK_SYS(call) do { if ((call) < 0) return FAILF("%s: %s", #call, strerror(errno)); } while (0)

static inline double tu_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static inline void tu_sleep_ms(int ms)
{
	struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

/* ---------------------------------------------------------------- network namespace */

/* A fresh network namespace with lo up: no other traffic, nothing left behind. */
static inline int tu_netns(void)
{
	struct ifreq ifr;
	int fd;

	CHECK_SYS(unshare(CLONE_NEWNET));
	CHECK_SYS(fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	CHECK_SYS(ioctl(fd, SIOCGIFFLAGS, &ifr));
	ifr.ifr_flags |= IFF_UP;
	CHECK_SYS(ioctl(fd, SIOCSIFFLAGS, &ifr));
	close(fd);
	return 0;
}

static inline int tu_sysctl(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");

	CHECK(f, "fopen(%s): %s", path, strerror(errno));
	fputs(value, f);
	CHECK(fclose(f) == 0, "write %s: %s", path, strerror(errno));
	return 0;
}

/* ---------------------------------------------------------------- stream pattern */

enum { C2S = 1, S2C = 2 };

/* Byte at stream offset off of direction dir: any loss, duplicate or reordering of the
 * stream shows as a mismatch. */
static inline uint8_t tu_pat(int dir, uint64_t off)
{
	uint64_t x = (off + 1) * 0x9E3779B97F4A7C15ull + (uint64_t)dir * 0xD1B54A32D192ED03ull;

	x ^= x >> 31;
	x *= 0xBF58476D1CE4E5B9ull;
	return (uint8_t)(x >> 56);
}

static inline void tu_fill(uint8_t *buf, int dir, uint64_t off, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = tu_pat(dir, off + i);
}

/* index of the first mismatch, or -1 */
static inline long tu_verify(const uint8_t *buf, int dir, uint64_t off, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (buf[i] != tu_pat(dir, off + i))
			return (long)i;
	return -1;
}

/* ---------------------------------------------------------------- connections */

struct tu_conn {
	int family;        /* AF_INET or AF_INET6 (client and server) */
	int l, c, s;       /* listener, client, accepted server socket */
};

static inline socklen_t tu_loopback(int family, uint16_t port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;

		a->sin_family = AF_INET;
		a->sin_port = htons(port);
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(*a);
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons(port);
		a->sin6_addr = in6addr_loopback;
		return sizeof(*a);
	}
}

static inline uint16_t tu_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0)
		return 0;
	return ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
					     : ((struct sockaddr_in6 *)&ss)->sin6_port);
}

/* Connected pair on loopback.  listen_family may be AF_INET6 with family AF_INET for a
 * dual-stack listener accepting an IPv4 client.  client_rcvbuf > 0 sets the client's
 * SO_RCVBUF before connecting (a small window). */
static inline int tu_connect(struct tu_conn *k, int family, int listen_family, int client_rcvbuf)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int one = 1, zero = 0;

	k->family = family;
	k->l = k->c = k->s = -1;
	CHECK_SYS(k->l = socket(listen_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
	CHECK_SYS(setsockopt(k->l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	if (listen_family == AF_INET6 && family == AF_INET) {
		CHECK_SYS(setsockopt(k->l, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero)));
		sl = tu_loopback(AF_INET6, 0, &ss);
		((struct sockaddr_in6 *)&ss)->sin6_addr = in6addr_any;
	} else {
		sl = tu_loopback(family, 0, &ss);
	}
	CHECK_SYS(bind(k->l, (struct sockaddr *)&ss, sl));
	CHECK_SYS(listen(k->l, 8));
	CHECK_SYS(k->c = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0));
	if (client_rcvbuf > 0)
		CHECK_SYS(setsockopt(k->c, SOL_SOCKET, SO_RCVBUF, &client_rcvbuf, sizeof(client_rcvbuf)));
	sl = tu_loopback(family, tu_port(k->l), &ss);
	CHECK_SYS(connect(k->c, (struct sockaddr *)&ss, sl));
	CHECK_SYS(k->s = accept4(k->l, NULL, NULL, SOCK_CLOEXEC));
	/* From now on the listener takes in nothing.  Between the close of a dumped socket
	 * and the connect of its restored one the connection has no socket here, and a
	 * segment of the client arriving then (a retransmission: a frozen socket acknowledges
	 * nothing) would reach the listener, which answers it with a reset.  A real handoff
	 * holds such segments; dropped, they are sent again. */
	{
		struct sock_filter drop[] = { { BPF_RET | BPF_K, 0, 0, 0 } };
		struct sock_fprog prog = { .len = 1, .filter = drop };

		CHECK_SYS(setsockopt(k->l, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)));
	}
	return 0;
}

static inline void tu_close(struct tu_conn *k)
{
	if (k->s >= 0)
		close(k->s);
	if (k->c >= 0)
		close(k->c);
	if (k->l >= 0)
		close(k->l);
	k->l = k->c = k->s = -1;
}

/* ---------------------------------------------------------------- moving bytes */

/* One endpoint of a transfer: writes [woff, wend) of direction wdir, reads and checks
 * [roff, rend) of direction rdir. */
struct tu_ep {
	int fd;
	int wdir, rdir;
	uint64_t woff, wend, roff, rend;
};

static inline int tu_tcp_info(int fd, struct tcp_info *ti);
static inline int tu_ioctl(int fd, unsigned long req);

/* With TCPCP_TEST_DEBUG set, print the TCP state of fd. */
static inline void tu_debug(const char *what, int fd)
{
	struct tcp_info ti;

	if (!getenv("TCPCP_TEST_DEBUG") || tu_tcp_info(fd, &ti) < 0)
		return;
	fprintf(stderr, "  [%s fd %d] state %u opts 0x%x wscale %u/%u mss %u/%u rto %u probes %u backoff %u "
		"unacked %u retrans %u/%u snd_wnd %u cwnd %u rcv_space %u notsent %u outq %d inq %d "
		"last_data_sent %u last_ack_recv %u\n",
		what, fd, ti.tcpi_state, ti.tcpi_options, ti.tcpi_snd_wscale, ti.tcpi_rcv_wscale,
		ti.tcpi_snd_mss, ti.tcpi_rcv_mss, ti.tcpi_rto, ti.tcpi_probes, ti.tcpi_backoff,
		ti.tcpi_unacked, ti.tcpi_retrans, ti.tcpi_total_retrans, ti.tcpi_snd_wnd, ti.tcpi_snd_cwnd,
		ti.tcpi_rcv_space, ti.tcpi_notsent_bytes, tu_ioctl(fd, TIOCOUTQ), tu_ioctl(fd, FIONREAD),
		ti.tcpi_last_data_sent, ti.tcpi_last_ack_recv);
}

/* Move bytes until every endpoint has written and read its range, without blocking. */
static inline int tu_pump(struct tu_ep *eps, int n, int timeout_ms)
{
	static uint8_t buf[65536];
	double deadline = tu_now_ms() + timeout_ms;

	for (;;) {
		struct pollfd p[8];
		int busy = 0;

		for (int i = 0; i < n; i++) {
			p[i].fd = eps[i].fd;
			p[i].events = (short)((eps[i].woff < eps[i].wend ? POLLOUT : 0) |
					      (eps[i].roff < eps[i].rend ? POLLIN : 0));
			p[i].revents = 0;
			busy |= p[i].events != 0;
		}
		if (!busy)
			return 0;
		if (tu_now_ms() >= deadline)
			for (int i = 0; i < n; i++)
				tu_debug("pump timeout", eps[i].fd);
		CHECK(tu_now_ms() < deadline, "transfer timed out (fd %d: wrote %llu/%llu read %llu/%llu)",
		      eps[0].fd, (unsigned long long)eps[0].woff, (unsigned long long)eps[0].wend,
		      (unsigned long long)eps[0].roff, (unsigned long long)eps[0].rend);
		if (poll(p, (nfds_t)n, 50) < 0 && errno != EINTR)
			return FAILF("poll: %s", strerror(errno));
		for (int i = 0; i < n; i++) {
			struct tu_ep *e = &eps[i];

			if ((p[i].revents & POLLOUT) && e->woff < e->wend) {
				size_t m = e->wend - e->woff < sizeof(buf) ? (size_t)(e->wend - e->woff) : sizeof(buf);
				ssize_t w;

				tu_fill(buf, e->wdir, e->woff, m);
				w = send(e->fd, buf, m, MSG_DONTWAIT | MSG_NOSIGNAL);
				CHECK(w >= 0 || errno == EAGAIN, "send(fd %d): %s", e->fd, strerror(errno));
				if (w > 0)
					e->woff += (uint64_t)w;
			}
			if ((p[i].revents & (POLLIN | POLLERR | POLLHUP)) && e->roff < e->rend) {
				size_t m = e->rend - e->roff < sizeof(buf) ? (size_t)(e->rend - e->roff) : sizeof(buf);
				ssize_t r = recv(e->fd, buf, m, MSG_DONTWAIT);
				long bad;

				CHECK(r != 0, "recv(fd %d): unexpected EOF at offset %llu", e->fd,
				      (unsigned long long)e->roff);
				CHECK(r > 0 || errno == EAGAIN, "recv(fd %d) at offset %llu: %s", e->fd,
				      (unsigned long long)e->roff, strerror(errno));
				if (r > 0) {
					bad = tu_verify(buf, e->rdir, e->roff, (size_t)r);
					CHECK(bad < 0, "fd %d: stream byte %llu of direction %d is wrong",
					      e->fd, (unsigned long long)(e->roff + (uint64_t)bad), e->rdir);
					e->roff += (uint64_t)r;
				}
			}
		}
	}
}

/* Write up to n pattern bytes without blocking; returns how many were written. */
static inline uint64_t tu_write_some(int fd, int dir, uint64_t off, uint64_t n)
{
	static uint8_t buf[65536];
	uint64_t done = 0;

	while (done < n) {
		size_t m = n - done < sizeof(buf) ? (size_t)(n - done) : sizeof(buf);
		ssize_t w;

		tu_fill(buf, dir, off + done, m);
		w = send(fd, buf, m, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (w <= 0)
			break;
		done += (uint64_t)w;
	}
	return done;
}

static inline int tu_ioctl(int fd, unsigned long req)
{
	int v = -1;

	if (ioctl(fd, req, &v) < 0)
		return -1;
	return v;
}

/* Wait until ioctl(req) on fd (SIOCINQ/SIOCOUTQ...) reports want. */
static inline int tu_wait_ioctl(int fd, unsigned long req, int want, int timeout_ms)
{
	double deadline = tu_now_ms() + timeout_ms;
	int v;

	while ((v = tu_ioctl(fd, req)) != want) {
		CHECK(tu_now_ms() < deadline, "ioctl 0x%lx on fd %d is %d, expected %d", req, fd, v, want);
		tu_sleep_ms(1);
	}
	return 0;
}

/* Wait until the send queue of fd stops changing (all that can be sent is sent). */
static inline int tu_settle(int fd)
{
	long long last = -2, v;
	int same = 0;

	for (int i = 0; i < 400 && same < 5; i++) {
		v = (long long)tu_ioctl(fd, 0x894B /* SIOCOUTQNSD */) << 32 | (unsigned)tu_ioctl(fd, TIOCOUTQ);
		same = v == last ? same + 1 : 0;
		last = v;
		tu_sleep_ms(2);
	}
	return 0;
}

static inline int tu_tcp_info(int fd, struct tcp_info *ti)
{
	socklen_t len = sizeof(*ti);

	memset(ti, 0, sizeof(*ti));
	return getsockopt(fd, SOL_TCP, TCP_INFO, ti, &len);
}

/* The connection is healthy: ESTABLISHED, no pending error, no unexpected bytes. */
static inline int tu_healthy(int fd)
{
	struct tcp_info ti;
	int err = 0;
	socklen_t el = sizeof(err);
	uint8_t b;
	ssize_t r;

	CHECK_SYS(getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el));
	CHECK(err == 0, "fd %d: SO_ERROR %s", fd, strerror(err));
	CHECK_SYS(tu_tcp_info(fd, &ti));
	CHECK(ti.tcpi_state == 1, "fd %d: tcpi_state %u, not ESTABLISHED", fd, ti.tcpi_state);
	r = recv(fd, &b, 1, MSG_DONTWAIT | MSG_PEEK);
	CHECK(r < 0 && errno == EAGAIN, "fd %d: unexpected extra byte or EOF (recv=%zd)", fd, r);
	return 0;
}

#endif
