/*
 * Tests of libtcpcp.  Every test runs in a fresh network namespace of its own (root
 * needed) on loopback; one output line per test, exit status 1 if any test fails.
 */
#include <dirent.h>
#include <signal.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "testutil.h"
#include "internal.h"

#define SIOCOUTQNSD_ 0x894B

static const char *current_test;

static void on_alarm(int sig)
{
	(void)sig;
	/* async-signal-safe output only */
	static const char msg[] = "FAIL (timeout): ";
	ssize_t ignored = write(1, msg, sizeof(msg) - 1);

	ignored = write(1, current_test, strlen(current_test));
	ignored = write(1, "\n", 1);
	(void)ignored;
	_exit(1);
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

static int get_opt(int fd, int level, int opt)
{
	int v = -1;
	socklen_t l = sizeof(v);

	if (getsockopt(fd, level, opt, &v, &l) < 0)
		return -1;
	return v;
}

/* Drop every packet that reaches fd: the peer's ACKs are lost, so what fd sends stays
 * unacknowledged in its send queue. */
static int drop_incoming(int fd)
{
	struct sock_filter code[] = { { BPF_RET | BPF_K, 0, 0, 0 } };
	struct sock_fprog prog = { .len = 1, .filter = code };

	CHECK_SYS(setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)));
	return 0;
}

/* ---------------------------------------------------------------- handoff round trips */

enum { ZERO_WINDOW, ACKS_DROPPED };

#define C2S_FIRST   100000u  /* client -> server before the dump */
#define C2S_READ     60000u  /* ... of which the server reads this much */
#define S2C_FIRST   300000u  /* server -> client before the dump (at most) */
#define AFTER        50000u  /* each direction after the restore */

/*
 * Client and server exchange data, leaving unread bytes in the server's receive queue
 * and unacknowledged / never-sent bytes in its send queue; the server socket is dumped,
 * closed, restored from the record and activated; then both directions must deliver
 * every byte exactly once and in order, without a reset.
 */
/* when set, the namespace's TCP options sysctls are switched back on between dump and
 * restore: a record without options restored on a host that would negotiate them */
static int options_on_before_restore;

static int sysctl_options(const char *v)
{
	if (tu_sysctl("/proc/sys/net/ipv4/tcp_timestamps", v) < 0 ||
	    tu_sysctl("/proc/sys/net/ipv4/tcp_sack", v) < 0 ||
	    tu_sysctl("/proc/sys/net/ipv4/tcp_window_scaling", v) < 0)
		return -1;
	return 0;
}

static int roundtrip(int family, int listen_family, int mode, uint8_t want_options)
{
	struct tu_conn k;
	struct tcpcp_state st;
	struct tcp_info ti;
	uint64_t s2c;
	uint8_t *rec;
	size_t len;
	int s2;

	if (tu_connect(&k, family, listen_family, mode == ZERO_WINDOW ? 4096 : 0) < 0)
		return -1;
	{
		struct tu_ep e[2] = {
			{ .fd = k.c, .wdir = C2S, .wend = C2S_FIRST, .rdir = S2C },
			{ .fd = k.s, .wdir = S2C, .rdir = C2S, .rend = C2S_READ },
		};
		if (tu_pump(e, 2, 5000) < 0)
			return -1;
	}
	if (tu_wait_ioctl(k.s, FIONREAD, C2S_FIRST - C2S_READ, 3000) < 0)
		return -1;
	if (mode == ACKS_DROPPED && drop_incoming(k.s) < 0)
		return -1;
	s2c = tu_write_some(k.s, S2C, 0, S2C_FIRST);
	CHECK(s2c > 0, "server could not write before the dump");
	tu_settle(k.s);
	tu_debug("client before", k.c);
	tu_debug("server before", k.s);

	rec = tcpcp_get(k.s);
	CHECK(rec, "tcpcp_get: %s", tcpcp_last_error());
	len = tcpcp_size(rec);
	CHECK(len >= 148, "tcpcp_size=%zu", len);
	CHECK(tcpcp_record_decode(rec, len, &st) == 0, "own record refused: %s", tcpcp_last_error());
	CHECK(st.family == (family == AF_INET ? 4 : 6), "family=%u", st.family);
	CHECK(st.options == want_options, "options=0x%x, expected 0x%x", st.options, want_options);
	CHECK(st.recv_queue_len == C2S_FIRST - C2S_READ, "recv_queue_len=%u", st.recv_queue_len);
	CHECK(tu_verify(st.recv_queue, C2S, C2S_READ, st.recv_queue_len) < 0, "receive queue bytes differ");
	CHECK(st.send_queue_len > 0 && st.send_queue_len <= s2c, "send_queue_len=%u of %llu written",
	      st.send_queue_len, (unsigned long long)s2c);
	CHECK(tu_verify(st.send_queue, S2C, s2c - st.send_queue_len, st.send_queue_len) < 0,
	      "send queue bytes differ");
	CHECK(st.send_unsent_len > 0, "no never-sent bytes (send_queue_len=%u)", st.send_queue_len);
	if (mode == ACKS_DROPPED)
		CHECK(st.send_unsent_len < st.send_queue_len, "no sent-unacknowledged bytes (queue %u, unsent %u)",
		      st.send_queue_len, st.send_unsent_len);
	CHECK(st.ttl > 0 && st.mss > 0, "ttl=%u mss=%u", st.ttl, st.mss);
	{
		/* the connection runs the host's default algorithm (a new namespace inherits it) */
		char def[REC_CONG_LEN + 2] = "";
		FILE *f = fopen("/proc/sys/net/ipv4/tcp_congestion_control", "r");

		CHECK(f, "open tcp_congestion_control: %s", strerror(errno));
		if (!fgets(def, sizeof(def), f))
			def[0] = 0;
		fclose(f);
		def[strcspn(def, "\n")] = 0;
		CHECK(strcmp(st.congestion, def) == 0, "congestion %s, the default is %s", st.congestion, def);
	}

	close(k.s);
	k.s = -1;
	if (options_on_before_restore && sysctl_options("1") < 0)
		return -1;
	s2 = tcpcp_create(rec, len);
	free(rec);
	CHECK(s2 >= 0, "tcpcp_create: %s", tcpcp_last_error());
	k.s = s2;
	CHECK(get_opt(s2, SOL_TCP, TCP_REPAIR) == 1, "restored socket not in repair mode");
	CHECK(tcpcp_activate(s2) == 0, "tcpcp_activate: %s", tcpcp_last_error());
	CHECK(get_opt(s2, SOL_TCP, TCP_REPAIR) == 0, "still in repair mode after activate");
	CHECK(get_opt(s2, SOL_SOCKET, SO_REUSEADDR) == 1, "SO_REUSEADDR off after activate");
	CHECK_SYS(tu_tcp_info(s2, &ti));
	/* window scaling 0/0 is set explicitly when it was not negotiated (bit 2 then shows) */
	CHECK((ti.tcpi_options & 3) == (want_options & 3) && (want_options || ti.tcpi_rcv_wscale == 0),
	      "restored tcpi_options=0x%x rcv_wscale %u", ti.tcpi_options, ti.tcpi_rcv_wscale);
	{
		struct tu_ep e[2] = {
			{ .fd = k.c, .wdir = C2S, .woff = C2S_FIRST, .wend = C2S_FIRST + AFTER,
			  .rdir = S2C, .rend = s2c + AFTER },
			{ .fd = s2, .wdir = S2C, .woff = s2c, .wend = s2c + AFTER,
			  .rdir = C2S, .roff = C2S_READ, .rend = C2S_FIRST + AFTER },
		};
		if (tu_pump(e, 2, 10000) < 0)
			return -1;
	}
	tu_sleep_ms(30);
	tu_debug("client after", k.c);
	tu_debug("restored server after", s2);
	if (!want_options) {
		/* the client reads the restored server's windows unscaled: what it sees must
		 * be the server's receive window, not that shrunk by a stray scale */
		struct tcp_repair_window w;
		socklen_t wl = sizeof(w);

		CHECK(tcpcp_freeze(s2) == 0, "tcpcp_freeze: %s", tcpcp_last_error());
		CHECK_SYS(getsockopt(s2, SOL_TCP, TCP_REPAIR_WINDOW, &w, &wl));
		CHECK(tcpcp_activate(s2) == 0, "tcpcp_activate: %s", tcpcp_last_error());
		tu_sleep_ms(10);
		CHECK_SYS(tu_tcp_info(k.c, &ti));
		CHECK(ti.tcpi_snd_wnd == 0 /* kernel < 6.2 */ || ti.tcpi_snd_wnd + 1024 >= w.rcv_wnd,
		      "client sees a window of %u bytes, the server's is %u", ti.tcpi_snd_wnd, w.rcv_wnd);
	}
	if (tu_healthy(k.c) < 0 || tu_healthy(s2) < 0)
		return -1;
	CHECK(tcpcp_flush(s2, 2000) == 0, "tcpcp_flush after the exchange: %s", tcpcp_last_error());
	tu_close(&k);
	return 0;
}

static int t_roundtrip_v4_zero_window(void) { return roundtrip(AF_INET, AF_INET, ZERO_WINDOW, 7); }
static int t_roundtrip_v4_acks_dropped(void) { return roundtrip(AF_INET, AF_INET, ACKS_DROPPED, 7); }
static int t_roundtrip_v6_zero_window(void) { return roundtrip(AF_INET6, AF_INET6, ZERO_WINDOW, 7); }
static int t_roundtrip_v6_acks_dropped(void) { return roundtrip(AF_INET6, AF_INET6, ACKS_DROPPED, 7); }
/* dual-stack listener, IPv4 client: an AF_INET6 socket with v4-mapped addresses is
 * recorded as family 4 and restored as an AF_INET socket */
static int t_roundtrip_v4_mapped(void) { return roundtrip(AF_INET, AF_INET6, ACKS_DROPPED, 7); }

/* no timestamps, no SACK, no window scaling */
static int roundtrip_no_options(int family, int on_before_restore)
{
	int rc;

	if (sysctl_options("0") < 0)
		return -1;
	options_on_before_restore = on_before_restore;
	rc = roundtrip(family, family, ACKS_DROPPED, 0);
	options_on_before_restore = 0;
	return rc;
}
static int t_roundtrip_v4_no_options(void) { return roundtrip_no_options(AF_INET, 0); }
static int t_roundtrip_v6_no_options(void) { return roundtrip_no_options(AF_INET6, 0); }
static int t_roundtrip_v4_no_options_restored_with_options_on(void) { return roundtrip_no_options(AF_INET, 1); }

/* Write from fd until the kernel takes no more for a while; returns the bytes written. */
static uint64_t fill(int fd, int dir, uint64_t off)
{
	uint64_t total = 0;

	for (int idle = 0; idle < 20;) {
		uint64_t w = tu_write_some(fd, dir, off + total, 1u << 20);

		total += w;
		idle = w ? 0 : idle + 1;
		tu_sleep_ms(2);
	}
	return total;
}

/* Queues of megabytes, in buffers larger than net.core.rmem_max / wmem_max allow an
 * application to ask for (autotuned): restored only if the buffers get their recorded
 * size back. */
static int t_roundtrip_large_queues(void)
{
	struct tu_conn k;
	struct tcpcp_state st;
	uint64_t c2s, s2c, c2s_read = 8u << 20, s2c_read = 8u << 20;
	uint8_t *rec;
	size_t len;

	/* autotuning barely grows a receive buffer on loopback (tiny RTT): start big */
	if (tu_sysctl("/proc/sys/net/ipv4/tcp_rmem", "4096 4194304 6291456") < 0 ||
	    tu_connect(&k, AF_INET, AF_INET, 0) < 0)
		return -1;
	{
		struct tu_ep e[2] = {
			{ .fd = k.c, .wdir = C2S, .wend = c2s_read, .rdir = S2C, .rend = s2c_read },
			{ .fd = k.s, .wdir = S2C, .wend = s2c_read, .rdir = C2S, .rend = c2s_read },
		};
		if (tu_pump(e, 2, 10000) < 0)
			return -1;
	}
	c2s = c2s_read + fill(k.c, C2S, c2s_read);
	s2c = s2c_read + fill(k.s, S2C, s2c_read);
	tu_settle(k.s);
	rec = tcpcp_get(k.s);
	CHECK(rec, "tcpcp_get: %s", tcpcp_last_error());
	len = tcpcp_size(rec);
	CHECK(tcpcp_record_decode(rec, len, &st) == 0, "own record refused: %s", tcpcp_last_error());
	tu_debug("server before", k.s);
	if (getenv("TCPCP_TEST_DEBUG"))
		fprintf(stderr, "  record %zu bytes: recv queue %u, send queue %u (unsent %u), rcvbuf %u sndbuf %u\n",
			len, st.recv_queue_len, st.send_queue_len, st.send_unsent_len, st.rcvbuf, st.sndbuf);
	CHECK(st.recv_queue_len > (1u << 20) && st.send_queue_len > (1u << 20),
	      "queues too small for this test: recv %u send %u", st.recv_queue_len, st.send_queue_len);
	CHECK(tu_verify(st.recv_queue, C2S, c2s_read, st.recv_queue_len) < 0, "receive queue bytes differ");
	CHECK(tu_verify(st.send_queue, S2C, s2c - st.send_queue_len, st.send_queue_len) < 0,
	      "send queue bytes differ");
	close(k.s);
	k.s = tcpcp_create(rec, len);
	free(rec);
	CHECK(k.s >= 0, "tcpcp_create: %s", tcpcp_last_error());
	CHECK(tcpcp_activate(k.s) == 0, "tcpcp_activate: %s", tcpcp_last_error());
	{
		struct tu_ep e[2] = {
			{ .fd = k.c, .wdir = C2S, .woff = c2s, .wend = c2s + AFTER, .rdir = S2C,
			  .roff = s2c_read, .rend = s2c + AFTER },
			{ .fd = k.s, .wdir = S2C, .woff = s2c, .wend = s2c + AFTER, .rdir = C2S,
			  .roff = c2s_read, .rend = c2s + AFTER },
		};
		if (tu_pump(e, 2, 20000) < 0)
			return -1;
	}
	tu_sleep_ms(20);
	if (tu_healthy(k.c) < 0 || tu_healthy(k.s) < 0)
		return -1;
	tu_close(&k);
	return 0;
}

/* The same connection handed off many times, data in flight each time. */
static int chain(int family)
{
	struct tu_conn k;
	uint64_t c2s = 0, s2c = 0, c2s_read = 0, s2c_read = 0;

	if (tu_connect(&k, family, family, 0) < 0)
		return -1;
	for (int round = 0; round < 20; round++) {
		uint8_t *rec;
		int s2;
		struct tu_ep e[2] = {
			{ .fd = k.c, .wdir = C2S, .woff = c2s, .wend = c2s + 7000, .rdir = S2C,
			  .roff = s2c_read, .rend = s2c_read + 1000 },
			{ .fd = k.s, .wdir = S2C, .woff = s2c, .wend = s2c + 3000, .rdir = C2S,
			  .roff = c2s_read, .rend = c2s_read + 2000 },
		};
		if (tu_pump(e, 2, 5000) < 0)
			return -1;
		c2s += 7000, s2c += 3000, c2s_read += 2000, s2c_read += 1000;
		if (tu_wait_ioctl(k.s, FIONREAD, (int)(c2s - c2s_read), 2000) < 0)
			return -1;
		rec = tcpcp_get(k.s);
		CHECK(rec, "round %d: tcpcp_get: %s", round, tcpcp_last_error());
		close(k.s);
		s2 = tcpcp_create(rec, tcpcp_size(rec));
		free(rec);
		CHECK(s2 >= 0, "round %d: tcpcp_create: %s", round, tcpcp_last_error());
		k.s = s2;
		CHECK(tcpcp_activate(s2) == 0, "round %d: tcpcp_activate: %s", round, tcpcp_last_error());
	}
	{
		struct tu_ep e[2] = {
			{ .fd = k.c, .rdir = S2C, .roff = s2c_read, .rend = s2c },
			{ .fd = k.s, .rdir = C2S, .roff = c2s_read, .rend = c2s },
		};
		if (tu_pump(e, 2, 5000) < 0)
			return -1;
	}
	tu_sleep_ms(20);
	if (tu_healthy(k.c) < 0 || tu_healthy(k.s) < 0)
		return -1;
	tu_close(&k);
	return 0;
}
static int t_chain_v4(void) { return chain(AF_INET); }
static int t_chain_v6(void) { return chain(AF_INET6); }

/* ---------------------------------------------------------------- validation */

enum kind { SET8, SET16, SET32, XOR8, ADD32, LEN, BYTES };

struct bad {
	const char *name;
	enum kind kind;
	long off;         /* field offset; negative: from the end of the record */
	long val;         /* value / xor mask / delta / new length (LEN: delta to len) */
	int fix_crc;
	const char *expect; /* must occur in tcpcp_last_error() */
	int v4_only;
	const char *bytes;  /* BYTES: 16 bytes written at off */
};

static const struct bad bad_records[] = {
	{ "empty", LEN, 0, -100000000, 0, "shorter", 0, NULL },
	{ "147 bytes", LEN, 0, -200000000, 0, "shorter", 0, NULL },
	{ "truncated by 1", LEN, 0, -1, 0, "total_len", 0, NULL },
	{ "1 byte too long", LEN, 0, 1, 0, "total_len", 0, NULL },
	{ "above 64 MiB", LEN, 0, 64L * 1024 * 1024, 0, "64 MiB", 0, NULL },
	{ "bad magic", SET8, OFF_MAGIC + 3, 'X', 1, "magic", 0, NULL },
	{ "version 2", SET16, OFF_VERSION, 2, 1, "version", 0, NULL },
	{ "version 0", SET16, OFF_VERSION, 0, 1, "version", 0, NULL },
	{ "header_len 148", SET16, OFF_HEADER_LEN, 148, 1, "header_len", 0, NULL },
	{ "total_len+1", ADD32, OFF_TOTAL_LEN, 1, 1, "total_len", 0, NULL },
	{ "send_queue_len+1", ADD32, OFF_SEND_QUEUE_LEN, 1, 1, "total_len", 0, NULL },
	{ "recv_queue_len-1", ADD32, OFF_RECV_QUEUE_LEN, -1, 1, "total_len", 0, NULL },
	{ "flipped bit in a queue", XOR8, OFF_CONGESTION + 16 + 5, 0x10, 0, "crc", 0, NULL },
	{ "flipped bit in timestamp", XOR8, OFF_TIMESTAMP + 3, 0x01, 0, "crc", 0, NULL },
	{ "flipped bit in the crc", XOR8, -1, 0x80, 0, "crc", 0, NULL },
	{ "family 5", SET8, OFF_FAMILY, 5, 1, "family", 0, NULL },
	{ "family 0", SET8, OFF_FAMILY, 0, 1, "family", 0, NULL },
	{ "tcp_state 2", SET8, OFF_TCP_STATE, 2, 1, "tcp_state", 0, NULL },
	{ "options bit 3", SET8, OFF_OPTIONS, 0x0F, 1, "options", 0, NULL },
	{ "flags bit 7", SET8, OFF_FLAGS, 0x81, 1, "flags", 0, NULL },
	{ "snd_wscale 15", SET8, OFF_SND_WSCALE, 15, 1, "snd_wscale", 0, NULL },
	{ "rcv_wscale 200", SET8, OFF_RCV_WSCALE, 200, 1, "rcv_wscale", 0, NULL },
	{ "unsent > queue", ADD32, OFF_SEND_UNSENT_LEN, 1000000, 1, "send_unsent_len", 0, NULL },
	{ "IPv4 local padding", SET8, OFF_LOCAL_ADDR + 4, 1, 1, "local_addr", 1, NULL },
	{ "IPv4 remote padding", SET8, OFF_REMOTE_ADDR + 15, 0xFF, 1, "remote_addr", 1, NULL },
	{ "local_port 0", SET16, OFF_LOCAL_PORT, 0, 1, "local_port", 0, NULL },
	{ "remote_port 0", SET16, OFF_REMOTE_PORT, 0, 1, "remote_port", 0, NULL },
	{ "ttl 0", SET8, OFF_TTL, 0, 1, "ttl", 0, NULL },
	{ "reserved byte", SET8, OFF_RESERVED + 3, 1, 1, "reserved", 0, NULL },
	{ "congestion without NUL", BYTES, OFF_CONGESTION, 0, 1, "congestion", 0, "abcdefghijklmnop" },
	{ "congestion non-printable", BYTES, OFF_CONGESTION, 0, 1, "congestion", 0, "cub\tc\0\0\0\0\0\0\0\0\0\0\0" },
	{ "congestion junk after NUL", BYTES, OFF_CONGESTION, 0, 1, "congestion", 0, "cubic\0\0\0\0x\0\0\0\0\0\0" },
};

static void put_be(uint8_t *p, int n, uint32_t v)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static uint32_t get_be(const uint8_t *p, int n)
{
	uint32_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* Every malformed variant of rec is refused with EINVAL, a reason naming the field, no
 * socket left open. */
static int check_refusals(const uint8_t *rec, size_t len, int family)
{
	int fds = count_fds();

	errno = 0;
	CHECK(tcpcp_create(NULL, 148) < 0 && errno == EINVAL, "NULL record accepted");
	for (size_t i = 0; i < sizeof(bad_records) / sizeof(bad_records[0]); i++) {
		const struct bad *b = &bad_records[i];
		size_t n = len, alloc = len + 16;
		uint8_t *m;
		size_t off;
		int fd;

		if (b->v4_only && family != AF_INET)
			continue;
		m = calloc(1, alloc);
		CHECK(m, "calloc");
		memcpy(m, rec, len);
		off = b->off < 0 ? len + (size_t)b->off : (size_t)b->off;
		switch (b->kind) {
		case SET8: m[off] = (uint8_t)b->val; break;
		case SET16: put_be(m + off, 2, (uint32_t)b->val); break;
		case SET32: put_be(m + off, 4, (uint32_t)b->val); break;
		case ADD32: put_be(m + off, 4, get_be(m + off, 4) + (uint32_t)b->val); break;
		case XOR8: m[off] ^= (uint8_t)b->val; break;
		case BYTES: memcpy(m + off, b->bytes, 16); break;
		case LEN:
			n = b->val == -100000000 ? 0 : b->val == -200000000 ? 147 : (size_t)((long)len + b->val);
			break;
		}
		if (b->fix_crc)
			put_be(m + len - 4, 4, tcpcp_crc32(m, len - 4));
		errno = 0;
		fd = tcpcp_create(m, n);
		free(m);
		if (fd >= 0)
			close(fd);
		CHECK(fd < 0, "%s: record accepted", b->name);
		CHECK(errno == EINVAL, "%s: errno %s, expected EINVAL (%s)", b->name, strerror(errno),
		      tcpcp_last_error());
		CHECK(strstr(tcpcp_last_error(), b->expect), "%s: reason \"%s\" does not name \"%s\"",
		      b->name, tcpcp_last_error(), b->expect);
	}
	CHECK(count_fds() == fds, "file descriptors leaked (%d -> %d)", fds, count_fds());
	return 0;
}

static int check_size(const uint8_t *rec, size_t len)
{
	uint8_t h[16];

	CHECK(tcpcp_size(rec) == len, "tcpcp_size=%zu, record is %zu", tcpcp_size(rec), len);
	memcpy(h, rec, sizeof(h));
	h[0] = 'X';
	CHECK(tcpcp_size(h) == 0, "tcpcp_size accepts a bad magic");
	memcpy(h, rec, sizeof(h));
	put_be(h + OFF_VERSION, 2, 2);
	CHECK(tcpcp_size(h) == 0, "tcpcp_size accepts version 2");
	memcpy(h, rec, sizeof(h));
	put_be(h + OFF_HEADER_LEN, 2, 100);
	CHECK(tcpcp_size(h) == 0, "tcpcp_size accepts header_len 100");
	memcpy(h, rec, sizeof(h));
	put_be(h + OFF_TOTAL_LEN, 4, 100);
	CHECK(tcpcp_size(h) == 0, "tcpcp_size accepts total_len 100");
	put_be(h + OFF_TOTAL_LEN, 4, 65u << 20);
	CHECK(tcpcp_size(h) == 0, "tcpcp_size accepts total_len 65 MiB");
	return 0;
}

/*
 * Dump a live connection with data in both queues, refuse every malformed variant of the
 * record, then resume the original frozen socket: the old connection works again.
 */
static int refused_then_reactivate(int family)
{
	struct tu_conn k;
	uint8_t *rec;
	size_t len;
	uint64_t s2c;

	if (tu_connect(&k, family, family, 4096) < 0)
		return -1;
	{
		struct tu_ep e[1] = { { .fd = k.c, .wdir = C2S, .wend = 30000 } };
		if (tu_pump(e, 1, 5000) < 0)
			return -1;
	}
	if (tu_wait_ioctl(k.s, FIONREAD, 30000, 3000) < 0)
		return -1;
	s2c = tu_write_some(k.s, S2C, 0, 200000);
	tu_settle(k.s);
	rec = tcpcp_get(k.s);
	CHECK(rec, "tcpcp_get: %s", tcpcp_last_error());
	len = tcpcp_size(rec);
	if (check_size(rec, len) < 0 || check_refusals(rec, len, family) < 0) {
		free(rec);
		return -1;
	}
	free(rec);
	CHECK(get_opt(k.s, SOL_TCP, TCP_REPAIR) == 1, "original no longer frozen");
	CHECK(tcpcp_activate(k.s) == 0, "tcpcp_activate(original): %s", tcpcp_last_error());
	{
		struct tu_ep e[2] = {
			{ .fd = k.c, .wdir = C2S, .woff = 30000, .wend = 60000, .rdir = S2C, .rend = s2c + 20000 },
			{ .fd = k.s, .wdir = S2C, .woff = s2c, .wend = s2c + 20000, .rdir = C2S, .rend = 60000 },
		};
		if (tu_pump(e, 2, 10000) < 0)
			return -1;
	}
	tu_sleep_ms(20);
	if (tu_healthy(k.c) < 0 || tu_healthy(k.s) < 0)
		return -1;
	tu_close(&k);
	return 0;
}
static int t_refused_then_reactivate_v4(void) { return refused_then_reactivate(AF_INET); }
static int t_refused_then_reactivate_v6(void) { return refused_then_reactivate(AF_INET6); }

/* A valid record whose connection still exists here cannot be restored beside it (the
 * kernel refuses the duplicate 4-tuple); the failure names the syscall, leaves no socket
 * behind and the original resumes. */
static int t_restore_conflict_then_reactivate(void)
{
	struct tu_conn k;
	uint8_t *rec;
	int fds, fd;

	if (tu_connect(&k, AF_INET6, AF_INET6, 0) < 0)
		return -1;
	{
		struct tu_ep e[1] = { { .fd = k.c, .wdir = C2S, .wend = 5000 } };
		if (tu_pump(e, 1, 5000) < 0)
			return -1;
	}
	if (tu_wait_ioctl(k.s, FIONREAD, 5000, 3000) < 0)
		return -1;
	rec = tcpcp_get(k.s);
	CHECK(rec, "tcpcp_get: %s", tcpcp_last_error());
	fds = count_fds();
	errno = 0;
	fd = tcpcp_create(rec, tcpcp_size(rec));
	free(rec);
	CHECK(fd < 0, "restored beside the live original");
	CHECK(errno != EINVAL && errno != 0, "errno %s", strerror(errno));
	CHECK(strstr(tcpcp_last_error(), "connect") || strstr(tcpcp_last_error(), "bind"),
	      "reason \"%s\" names neither bind nor connect", tcpcp_last_error());
	CHECK(count_fds() == fds, "socket leaked");
	CHECK(tcpcp_activate(k.s) == 0, "tcpcp_activate(original): %s", tcpcp_last_error());
	{
		struct tu_ep e[2] = {
			{ .fd = k.c, .wdir = C2S, .woff = 5000, .wend = 9000, .rdir = S2C, .rend = 7000 },
			{ .fd = k.s, .wdir = S2C, .wend = 7000, .rdir = C2S, .rend = 9000 },
		};
		if (tu_pump(e, 2, 5000) < 0)
			return -1;
	}
	tu_sleep_ms(20);
	if (tu_healthy(k.c) < 0 || tu_healthy(k.s) < 0)
		return -1;
	tu_close(&k);
	return 0;
}

/* A restored socket closed instead of activated: its kept tail must never be written
 * into a later socket that gets the same fd number. */
static int t_stale_tail_not_reused(void)
{
	struct tu_conn k, k2;
	uint8_t *rec;
	int fd, s2;

	if (tu_connect(&k, AF_INET, AF_INET, 4096) < 0)
		return -1;
	CHECK(tu_write_some(k.s, S2C, 0, 200000) > 0, "no write");
	tu_settle(k.s);
	rec = tcpcp_get(k.s);
	CHECK(rec, "tcpcp_get: %s", tcpcp_last_error());
	close(k.s);
	k.s = -1;
	fd = tcpcp_create(rec, tcpcp_size(rec));
	free(rec);
	CHECK(fd >= 0, "tcpcp_create: %s", tcpcp_last_error());
	close(fd); /* dropped silently, tail kept in the table */
	tu_close(&k);
	if (tu_connect(&k2, AF_INET, AF_INET, 0) < 0)
		return -1;
	/* make the new server socket take the old fd number */
	if (k2.s != fd) {
		CHECK_SYS(s2 = dup2(k2.s, fd));
		close(k2.s);
		k2.s = s2;
	}
	CHECK(tcpcp_activate(k2.s) == 0, "tcpcp_activate: %s", tcpcp_last_error());
	{
		struct tu_ep e[2] = {
			{ .fd = k2.s, .wdir = S2C, .wend = 1000 },
			{ .fd = k2.c, .rdir = S2C, .rend = 1000 },
		};
		if (tu_pump(e, 2, 5000) < 0)
			return -1;
	}
	tu_sleep_ms(20);
	if (tu_healthy(k2.c) < 0)
		return -1;
	tu_close(&k2);
	return 0;
}

/* ---------------------------------------------------------------- freeze, errors, flush */

/* freeze/activate in place keeps the connection and each socket's SO_REUSEADDR */
static int t_freeze_activate_in_place(void)
{
	struct tu_conn k;

	if (tu_connect(&k, AF_INET, AF_INET, 0) < 0)
		return -1;
	CHECK(get_opt(k.s, SOL_SOCKET, SO_REUSEADDR) == 1 && get_opt(k.c, SOL_SOCKET, SO_REUSEADDR) == 0,
	      "unexpected initial SO_REUSEADDR");
	CHECK(tcpcp_freeze(k.s) == 0 && tcpcp_freeze(k.c) == 0, "tcpcp_freeze: %s", tcpcp_last_error());
	CHECK(tcpcp_freeze(k.s) == 0, "second tcpcp_freeze: %s", tcpcp_last_error());
	CHECK(get_opt(k.s, SOL_TCP, TCP_REPAIR) == 1 && get_opt(k.c, SOL_TCP, TCP_REPAIR) == 1, "not frozen");
	CHECK(tcpcp_activate(k.s) == 0 && tcpcp_activate(k.c) == 0, "tcpcp_activate: %s", tcpcp_last_error());
	CHECK(get_opt(k.s, SOL_TCP, TCP_REPAIR) == 0 && get_opt(k.c, SOL_TCP, TCP_REPAIR) == 0, "still frozen");
	CHECK(get_opt(k.s, SOL_SOCKET, SO_REUSEADDR) == 1, "server lost SO_REUSEADDR");
	CHECK(get_opt(k.c, SOL_SOCKET, SO_REUSEADDR) == 0, "client gained SO_REUSEADDR");
	{
		struct tu_ep e[2] = {
			{ .fd = k.c, .wdir = C2S, .wend = 100000, .rdir = S2C, .rend = 100000 },
			{ .fd = k.s, .wdir = S2C, .wend = 100000, .rdir = C2S, .rend = 100000 },
		};
		if (tu_pump(e, 2, 5000) < 0)
			return -1;
	}
	if (tu_healthy(k.c) < 0 || tu_healthy(k.s) < 0)
		return -1;
	tu_close(&k);
	return 0;
}

static int t_errors(void)
{
	struct tu_conn k;
	uint8_t b[16];
	int u;

	if (tu_connect(&k, AF_INET, AF_INET, 0) < 0)
		return -1;
	errno = 0;
	CHECK(tcpcp_freeze(k.l) < 0 && errno == ENOTCONN, "freeze(listener): errno %s", strerror(errno));
	CHECK(strstr(tcpcp_last_error(), "getpeername"), "reason: %s", tcpcp_last_error());
	errno = 0;
	CHECK(tcpcp_freeze(-1) < 0 && errno == EBADF, "freeze(-1): errno %s", strerror(errno));
	errno = 0;
	CHECK(tcpcp_get(k.l) == NULL && errno == ENOTCONN, "get(listener): errno %s", strerror(errno));
	CHECK(strstr(tcpcp_last_error(), "LISTEN"), "reason: %s", tcpcp_last_error());
	CHECK_SYS(u = socket(AF_INET, SOCK_DGRAM, 0));
	errno = 0;
	CHECK(tcpcp_get(u) == NULL && errno != 0, "get(UDP socket) succeeded");
	close(u);
	/* peer closed: CLOSE_WAIT cannot be carried by a version-1 record */
	CHECK_SYS(shutdown(k.c, SHUT_WR));
	CHECK(recv(k.s, b, sizeof(b), 0) == 0, "no EOF");
	errno = 0;
	CHECK(tcpcp_get(k.s) == NULL && errno == ENOTCONN, "get(CLOSE_WAIT): errno %s", strerror(errno));
	CHECK(strstr(tcpcp_last_error(), "CLOSE_WAIT"), "reason: %s", tcpcp_last_error());
	CHECK(get_opt(k.s, SOL_TCP, TCP_REPAIR) == 0, "left frozen after a refused dump");
	errno = 0;
	CHECK(tcpcp_flush(-1, 10) < 0 && errno == EBADF, "flush(-1): errno %s", strerror(errno));
	CHECK(strstr(tcpcp_last_error(), "SIOCOUTQ"), "reason: %s", tcpcp_last_error());
	tu_close(&k);
	return 0;
}

static int t_flush_drained(void)
{
	struct tu_conn k;

	if (tu_connect(&k, AF_INET6, AF_INET6, 0) < 0)
		return -1;
	CHECK(tcpcp_flush(k.s, 100) == 0, "flush of an idle socket: %s", tcpcp_last_error());
	{
		struct tu_ep e[2] = {
			{ .fd = k.s, .wdir = S2C, .wend = 500000 },
			{ .fd = k.c, .rdir = S2C, .rend = 500000 },
		};
		if (tu_pump(e, 2, 5000) < 0)
			return -1;
	}
	CHECK(tcpcp_flush(k.s, 1000) == 0, "flush after the peer read everything: %s", tcpcp_last_error());
	CHECK(tu_ioctl(k.s, TIOCOUTQ) == 0, "SIOCOUTQ not 0 after flush");
	tu_close(&k);
	return 0;
}

static int t_flush_timeout(void)
{
	struct tu_conn k;
	double t0, dt;
	int rc;

	if (tu_connect(&k, AF_INET, AF_INET, 4096) < 0)
		return -1;
	CHECK(tu_write_some(k.s, S2C, 0, 10u << 20) > 0, "no write");
	tu_settle(k.s);
	t0 = tu_now_ms();
	errno = 0;
	rc = tcpcp_flush(k.s, 200);
	dt = tu_now_ms() - t0;
	CHECK(rc == -1 && errno == ETIMEDOUT, "flush of a full window: rc %d errno %s", rc, strerror(errno));
	/* Not before the timeout; after it by no more than a scheduling delay, which on a
	 * machine whose CPUs are all busy reaches beyond 100 ms: the bound catches a wait
	 * that ignores the timeout or misreads its unit, not a late wakeup. */
	CHECK(dt >= 199.0 && dt < 1000.0, "flush took %.1f ms for a 200 ms timeout", dt);
	CHECK(strstr(tcpcp_last_error(), "SIOCOUTQ"), "reason: %s", tcpcp_last_error());
	tu_close(&k);
	return 0;
}

/* ---------------------------------------------------------------- mute */

/* A tap on lo: an AF_PACKET socket that sees every packet sent on it. */
static int tap_open(int *tap)
{
	struct sockaddr_ll a = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };

	CHECK_SYS(*tap = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(ETH_P_ALL)));
	a.sll_ifindex = (int)if_nametoindex("lo");
	CHECK(a.sll_ifindex > 0, "no lo");
	CHECK_SYS(bind(*tap, (struct sockaddr *)&a, sizeof(a)));
	return 0;
}

/* How many TCP segments from local port `port` were sent on lo since the last call
 * (each loopback packet is seen twice, outgoing and incoming: only outgoing counts). */
static int tap_count(int tap, uint16_t port)
{
	uint8_t b[128];
	int n = 0;

	for (;;) {
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		ssize_t r = recvfrom(tap, b, sizeof(b), 0, (struct sockaddr *)&from, &fl);
		size_t l4;

		if (r < 0)
			return n;
		if (from.sll_pkttype != PACKET_OUTGOING)
			continue;
		if (ntohs(from.sll_protocol) == ETH_P_IP && r >= 20 && b[9] == IPPROTO_TCP)
			l4 = (size_t)(b[0] & 15) * 4;
		else if (ntohs(from.sll_protocol) == ETH_P_IPV6 && r >= 40 && b[6] == IPPROTO_TCP)
			l4 = 40;
		else
			continue;
		if ((size_t)r >= l4 + 2 && (uint16_t)(b[l4] << 8 | b[l4 + 1]) == port)
			n++;
	}
}

static int set_mark(int fd, uint32_t mark)
{
	CHECK_SYS(setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)));
	return 0;
}

#define APP_MARK 0x1234u
#define FROZEN_MS 400

/*
 * Segments the server sends while frozen, for FROZEN_MS: it owes a delayed ACK at the
 * freeze (quick ACKs off, 100 unread bytes), has 1000 unacknowledged bytes (the client
 * drops everything it receives, so the retransmission timer fires) and the client goes
 * on sending (2000 bytes, each to be acknowledged).  With unmute the test clears the
 * library's mark right after the freeze (the control).  Then the server is resumed in
 * place and the connection must work on.
 */
static int sends_while_frozen(int family, int unmute, int *sent, int *frozen_mark)
{
	struct tu_conn k;
	uint64_t c2s;
	int tap, zero = 0;

	if (tu_connect(&k, family, family, 0) < 0 || tap_open(&tap) < 0 || set_mark(k.s, APP_MARK) < 0)
		return -1;
	CHECK_SYS(setsockopt(k.s, SOL_TCP, TCP_QUICKACK, &zero, sizeof(zero)));
	if (drop_incoming(k.c) < 0)
		return -1;
	CHECK(tu_write_some(k.c, C2S, 0, 100) == 100, "client write");
	if (tu_wait_ioctl(k.s, FIONREAD, 100, 3000) < 0)
		return -1;
	CHECK(tu_write_some(k.s, S2C, 0, 1000) == 1000, "server write");
	if (tu_wait_ioctl(k.s, SIOCOUTQNSD_, 0, 3000) < 0)
		return -1;

	CHECK(tcpcp_freeze(k.s) == 0, "tcpcp_freeze: %s", tcpcp_last_error());
	*frozen_mark = get_opt(k.s, SOL_SOCKET, SO_MARK);
	if (unmute && set_mark(k.s, 0) < 0)
		return -1;
	(void)tap_count(tap, tu_port(k.s)); /* what was sent before */
	c2s = 100 + tu_write_some(k.c, C2S, 100, 2000);
	tu_sleep_ms(FROZEN_MS);
	*sent = tap_count(tap, tu_port(k.s));
	close(tap);

	CHECK(tcpcp_activate(k.s) == 0, "tcpcp_activate: %s", tcpcp_last_error());
	CHECK(get_opt(k.s, SOL_SOCKET, SO_MARK) == (int)(unmute ? 0 : APP_MARK),
	      "resumed socket has mark 0x%x", get_opt(k.s, SOL_SOCKET, SO_MARK));
	CHECK_SYS(setsockopt(k.c, SOL_SOCKET, SO_DETACH_FILTER, &zero, sizeof(zero)));
	{
		struct tu_ep e[2] = {
			{ .fd = k.c, .wdir = C2S, .woff = c2s, .wend = c2s + 20000, .rdir = S2C, .rend = 21000 },
			{ .fd = k.s, .wdir = S2C, .woff = 1000, .wend = 21000, .rdir = C2S, .rend = c2s + 20000 },
		};
		if (tu_pump(e, 2, 10000) < 0)
			return -1;
	}
	tu_sleep_ms(20);
	if (tu_healthy(k.c) < 0 || tu_healthy(k.s) < 0)
		return -1;
	tu_close(&k);
	return 0;
}

/* A frozen socket sends nothing; the same socket without the library's mark does. */
static int frozen_sends_nothing(int family)
{
	int muted = -1, control = -1, mark = -1, ignored;

	if (sends_while_frozen(family, 0, &muted, &mark) < 0 || sends_while_frozen(family, 1, &control, &ignored) < 0)
		return -1;
	if (getenv("TCPCP_TEST_DEBUG"))
		fprintf(stderr, "  segments sent while frozen: muted %d, mark cleared %d\n", muted, control);
	CHECK(control > 0, "control: with the mark cleared the frozen socket sent nothing either "
	      "(the scenario no longer makes it send)");
	CHECK(muted == 0, "the frozen socket sent %d segments in %d ms (%d with the mark cleared)",
	      muted, FROZEN_MS, control);
	CHECK(mark == (int)TCPCP_MUTE_MARK, "frozen socket has mark 0x%x", (unsigned)mark);
	return 0;
}
static int t_frozen_sends_nothing_v4(void) { return frozen_sends_nothing(AF_INET); }
static int t_frozen_sends_nothing_v6(void) { return frozen_sends_nothing(AF_INET6); }

/*
 * Segments a restored socket sends before tcpcp_activate, for FROZEN_MS, while the
 * client sends it 2000 bytes (unmute: the test clears the mark first).  After
 * activation the socket has mark 0 (the record carries none) and the connection works.
 */
static int sends_before_activate(int unmute, int *sent, int *restored_mark)
{
	struct tu_conn k;
	uint8_t *rec;
	int tap;

	if (tu_connect(&k, AF_INET, AF_INET, 0) < 0 || set_mark(k.s, APP_MARK) < 0)
		return -1;
	{
		struct tu_ep e[2] = {
			{ .fd = k.c, .wdir = C2S, .wend = 5000, .rdir = S2C, .rend = 5000 },
			{ .fd = k.s, .wdir = S2C, .wend = 5000, .rdir = C2S, .rend = 5000 },
		};
		if (tu_pump(e, 2, 5000) < 0)
			return -1;
	}
	rec = tcpcp_get(k.s);
	CHECK(rec, "tcpcp_get: %s", tcpcp_last_error());
	close(k.s);
	k.s = tcpcp_create(rec, tcpcp_size(rec));
	free(rec);
	CHECK(k.s >= 0, "tcpcp_create: %s", tcpcp_last_error());
	*restored_mark = get_opt(k.s, SOL_SOCKET, SO_MARK);
	if (unmute && set_mark(k.s, 0) < 0)
		return -1;
	if (tap_open(&tap) < 0)
		return -1;
	CHECK(tu_write_some(k.c, C2S, 5000, 2000) == 2000, "client write");
	tu_sleep_ms(FROZEN_MS);
	*sent = tap_count(tap, tu_port(k.s));
	close(tap);
	CHECK(tcpcp_activate(k.s) == 0, "tcpcp_activate: %s", tcpcp_last_error());
	CHECK(get_opt(k.s, SOL_SOCKET, SO_MARK) == 0, "activated socket has mark 0x%x",
	      get_opt(k.s, SOL_SOCKET, SO_MARK));
	{
		struct tu_ep e[2] = {
			{ .fd = k.c, .wdir = C2S, .woff = 7000, .wend = 20000, .rdir = S2C, .roff = 5000, .rend = 20000 },
			{ .fd = k.s, .wdir = S2C, .woff = 5000, .wend = 20000, .rdir = C2S, .roff = 5000, .rend = 20000 },
		};
		if (tu_pump(e, 2, 10000) < 0)
			return -1;
	}
	tu_sleep_ms(20);
	if (tu_healthy(k.c) < 0 || tu_healthy(k.s) < 0)
		return -1;
	tu_close(&k);
	return 0;
}

static int t_restored_sends_nothing_before_activate(void)
{
	int muted = -1, control = -1, mark = -1, ignored;

	if (sends_before_activate(0, &muted, &mark) < 0 || sends_before_activate(1, &control, &ignored) < 0)
		return -1;
	if (getenv("TCPCP_TEST_DEBUG"))
		fprintf(stderr, "  segments sent before activation: muted %d, mark cleared %d\n", muted, control);
	CHECK(control > 0, "control: with the mark cleared the restored socket sent nothing either");
	CHECK(muted == 0, "the restored socket sent %d segments before tcpcp_activate (%d with the mark cleared)",
	      muted, control);
	CHECK(mark == (int)TCPCP_MUTE_MARK, "restored socket has mark 0x%x", (unsigned)mark);
	return 0;
}

/*
 * The rule: installed by the first freeze, one copy however often sockets are frozen,
 * put back after the ruleset lost it, and in the namespace of the socket, not of the
 * calling thread.  If it cannot be installed, tcpcp_freeze fails, says why and leaves the
 * socket live and unmarked.
 */
static int t_mute_rule(void)
{
	struct tu_conn k;
	int here, other;

	if (tu_connect(&k, AF_INET6, AF_INET6, 0) < 0)
		return -1;
	CHECK(tcpcp_mute_rule_count(k.s) == 0, "fresh namespace has the rule (%d): %s",
	      tcpcp_mute_rule_count(k.s), tcpcp_last_error());
	for (int i = 0; i < 3; i++) {
		CHECK(tcpcp_freeze(k.s) == 0 && tcpcp_freeze(k.c) == 0, "tcpcp_freeze: %s", tcpcp_last_error());
		CHECK(tcpcp_activate(k.s) == 0 && tcpcp_activate(k.c) == 0, "tcpcp_activate: %s", tcpcp_last_error());
	}
	CHECK(tcpcp_mute_rule_count(k.s) == 1, "%d copies of the rule after 6 freezes", tcpcp_mute_rule_count(k.s));
	CHECK(tcpcp_mute_rule_remove(k.s, 0) == 0, "remove: %s", tcpcp_last_error());
	CHECK(tcpcp_mute_rule_count(k.s) == 0, "rule still there after its removal");
	CHECK(tcpcp_freeze(k.s) == 0, "tcpcp_freeze: %s", tcpcp_last_error());
	CHECK(tcpcp_mute_rule_count(k.s) == 1, "rule not put back by the next freeze");
	CHECK(tcpcp_activate(k.s) == 0, "tcpcp_activate: %s", tcpcp_last_error());

	/* a socket of another namespace: the rule goes there */
	CHECK(tcpcp_mute_rule_remove(k.s, 0) == 0, "remove: %s", tcpcp_last_error());
	if (tu_netns() < 0)
		return -1;
	CHECK_SYS(here = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
	CHECK(tcpcp_freeze(k.s) == 0, "tcpcp_freeze from another namespace: %s", tcpcp_last_error());
	other = tcpcp_mute_rule_count(k.s);
	CHECK(other == 1 && tcpcp_mute_rule_count(here) == 0,
	      "rule copies: %d in the socket's namespace, %d in the caller's", other, tcpcp_mute_rule_count(here));
	CHECK(tcpcp_activate(k.s) == 0, "tcpcp_activate: %s", tcpcp_last_error());
	close(here);

	/* cannot be installed: refused, named, socket untouched */
	CHECK(set_mark(k.s, APP_MARK) == 0, "set mark");
	CHECK(tcpcp_mute_rule_remove(k.s, 1) == 0, "obstruct: %s", tcpcp_last_error());
	errno = 0;
	CHECK(tcpcp_freeze(k.s) < 0 && errno != 0, "tcpcp_freeze succeeded without its rule");
	CHECK(strstr(tcpcp_last_error(), "nf_tables rule") && strstr(tcpcp_last_error(), "0x54430f00") &&
	      strstr(tcpcp_last_error(), "NFT_MSG_NEWCHAIN"), "reason: %s", tcpcp_last_error());
	CHECK(get_opt(k.s, SOL_TCP, TCP_REPAIR) == 0, "left frozen");
	CHECK(get_opt(k.s, SOL_SOCKET, SO_MARK) == (int)APP_MARK, "mark changed to 0x%x",
	      get_opt(k.s, SOL_SOCKET, SO_MARK));
	errno = 0;
	CHECK(tcpcp_get(k.s) == NULL && errno != 0, "tcpcp_get succeeded without the rule");
	CHECK(get_opt(k.s, SOL_TCP, TCP_REPAIR) == 0, "left frozen by tcpcp_get");
	CHECK(tcpcp_mute_rule_remove(k.s, 0) == 0, "remove: %s", tcpcp_last_error());
	{
		struct tu_ep e[2] = {
			{ .fd = k.c, .wdir = C2S, .wend = 10000, .rdir = S2C, .rend = 10000 },
			{ .fd = k.s, .wdir = S2C, .wend = 10000, .rdir = C2S, .rend = 10000 },
		};
		if (tu_pump(e, 2, 5000) < 0)
			return -1;
	}
	tu_close(&k);
	return 0;
}

/* ---------------------------------------------------------------- record codec */

/* CRC-32 check value and an encode/decode round trip of a synthetic record. */
static int t_record_codec(void)
{
	static const uint8_t sq[] = "send-queue", rq[] = "receive";
	struct tcpcp_state a = { 0 }, b;
	uint8_t *r;
	size_t len;

	CHECK(tcpcp_crc32("123456789", 9) == 0xCBF43926u, "crc32 check value");
	CHECK(tcpcp_crc32("", 0) == 0, "crc32 of nothing");
	a.family = 6;
	a.tcp_state = 1;
	a.options = 7;
	a.flags = 3;
	memset(a.local_addr, 0x11, 16);
	memset(a.remote_addr, 0x22, 16);
	a.local_port = 443;
	a.remote_port = 50000;
	a.snd_wscale = 7;
	a.rcv_wscale = 14;
	a.mss = 1440;
	a.send_seq = 0xFFFFFFF0u;
	a.recv_seq = 5;
	a.timestamp = 0x12345678u;
	a.snd_wl1 = 1, a.snd_wnd = 2, a.max_window = 3, a.rcv_wnd = 4, a.rcv_wup = 5;
	a.send_queue = sq;
	a.send_queue_len = sizeof(sq);
	a.send_unsent_len = 4;
	a.recv_queue = rq;
	a.recv_queue_len = sizeof(rq);
	a.sndbuf = 87040, a.rcvbuf = 131072, a.keepidle = 7200, a.keepintvl = 75, a.keepcnt = 9;
	a.tos = 0x10;
	a.ttl = 255;
	strcpy(a.congestion, "cubic");
	r = tcpcp_record_encode(&a, &len);
	CHECK(r, "encode: %s", tcpcp_last_error());
	CHECK(len == 144 + sizeof(sq) + sizeof(rq) + 4, "len %zu", len);
	CHECK(memcmp(r, "DSCS\0\1\0\x90", 8) == 0, "header bytes");
	CHECK(get_be(r + OFF_SEND_SEQ, 4) == 0xFFFFFFF0u && get_be(r + OFF_LOCAL_PORT, 2) == 443, "big-endian fields");
	CHECK(get_be(r + len - 4, 4) == tcpcp_crc32(r, len - 4), "trailer");
	CHECK(tcpcp_record_decode(r, len, &b) == 0, "decode: %s", tcpcp_last_error());
	CHECK(b.send_seq == a.send_seq && b.recv_seq == a.recv_seq && b.timestamp == a.timestamp &&
	      b.mss == a.mss && b.snd_wscale == 7 && b.rcv_wscale == 14 && b.tos == 0x10 &&
	      b.ttl == 255 && b.keepcnt == 9 && b.rcv_wup == 5 && b.send_unsent_len == 4 &&
	      strcmp(b.congestion, "cubic") == 0 && memcmp(b.local_addr, a.local_addr, 16) == 0,
	      "decoded fields differ");
	CHECK(memcmp(b.send_queue, sq, sizeof(sq)) == 0 && memcmp(b.recv_queue, rq, sizeof(rq)) == 0,
	      "decoded queues differ");
	free(r);
	return 0;
}

/* ---------------------------------------------------------------- runner */

struct test {
	const char *name;
	int (*fn)(void);
};

static const struct test tests[] = {
	{ "record_codec", t_record_codec },
	{ "roundtrip_v4_zero_window", t_roundtrip_v4_zero_window },
	{ "roundtrip_v4_acks_dropped", t_roundtrip_v4_acks_dropped },
	{ "roundtrip_v6_zero_window", t_roundtrip_v6_zero_window },
	{ "roundtrip_v6_acks_dropped", t_roundtrip_v6_acks_dropped },
	{ "roundtrip_v4_mapped_on_v6_socket", t_roundtrip_v4_mapped },
	{ "roundtrip_v4_no_options", t_roundtrip_v4_no_options },
	{ "roundtrip_v6_no_options", t_roundtrip_v6_no_options },
	{ "roundtrip_v4_no_options_restored_on_options_host", t_roundtrip_v4_no_options_restored_with_options_on },
	{ "roundtrip_v4_large_queues", t_roundtrip_large_queues },
	{ "handoff_chain_v4", t_chain_v4 },
	{ "handoff_chain_v6", t_chain_v6 },
	{ "refused_records_then_reactivate_v4", t_refused_then_reactivate_v4 },
	{ "refused_records_then_reactivate_v6", t_refused_then_reactivate_v6 },
	{ "restore_conflict_then_reactivate", t_restore_conflict_then_reactivate },
	{ "stale_tail_not_reused", t_stale_tail_not_reused },
	{ "freeze_activate_in_place", t_freeze_activate_in_place },
	{ "frozen_sends_nothing_v4", t_frozen_sends_nothing_v4 },
	{ "frozen_sends_nothing_v6", t_frozen_sends_nothing_v6 },
	{ "restored_sends_nothing_before_activate", t_restored_sends_nothing_before_activate },
	{ "mute_rule", t_mute_rule },
	{ "errors", t_errors },
	{ "flush_drained", t_flush_drained },
	{ "flush_timeout", t_flush_timeout },
};

int main(int argc, char **argv)
{
	int failed = 0, run = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGALRM, on_alarm);
	signal(SIGPIPE, SIG_IGN);
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		const struct test *t = &tests[i];
		double t0 = tu_now_ms();
		int rc;

		if (argc > 1 && !strstr(t->name, argv[1]))
			continue;
		run++;
		current_test = t->name;
		tu_failure[0] = 0;
		alarm(60);
		rc = tu_netns();
		if (rc == 0)
			rc = t->fn();
		alarm(0);
		if (rc == 0 && !tu_failure[0]) {
			printf("PASS %-50s %7.1f ms\n", t->name, tu_now_ms() - t0);
		} else {
			printf("FAIL %-50s %s\n", t->name, tu_failure[0] ? tu_failure : "(no reason)");
			failed++;
		}
	}
	printf("%d of %d tests failed\n", failed, run);
	return failed ? 1 : 0;
}
