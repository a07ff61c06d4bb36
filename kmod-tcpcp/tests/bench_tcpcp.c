/*
 * Dump/restore timings on loopback, in a private network namespace (root needed).
 * One connection is handed off N times (default 1000): tcpcp_get, close, tcpcp_create,
 * tcpcp_activate; the stream is checked afterwards.  Usage: bench_tcpcp [N]
 */
#include "testutil.h"

struct acc {
	double get, close, create, activate;
	size_t bytes;
};

static int handoffs(int *s, int n, struct acc *a)
{
	for (int i = 0; i < n; i++) {
		double t0, t1, t2, t3, t4;
		uint8_t *rec;

		t0 = tu_now_ms();
		rec = tcpcp_get(*s);
		t1 = tu_now_ms();
		CHECK(rec, "tcpcp_get: %s", tcpcp_last_error());
		close(*s);
		t2 = tu_now_ms();
		*s = tcpcp_create(rec, tcpcp_size(rec));
		t3 = tu_now_ms();
		CHECK(*s >= 0, "tcpcp_create: %s", tcpcp_last_error());
		CHECK(tcpcp_activate(*s) == 0, "tcpcp_activate: %s", tcpcp_last_error());
		t4 = tu_now_ms();
		a->get += t1 - t0;
		a->close += t2 - t1;
		a->create += t3 - t2;
		a->activate += t4 - t3;
		a->bytes = tcpcp_size(rec);
		free(rec);
	}
	return 0;
}

/* recvq bytes left unread by the server; sendq > 0: the client stops reading and the
 * server queues that much behind a full window */
static int bench(int family, int n, uint32_t recvq, uint32_t sendq)
{
	struct tu_conn k;
	struct acc a = { 0 };
	uint64_t s2c = 0;

	if (tu_connect(&k, family, family, sendq ? 4096 : 0) < 0)
		return -1;
	{
		struct tu_ep e[1] = { { .fd = k.c, .wdir = C2S, .wend = recvq } };
		if (tu_pump(e, 1, 5000) < 0 || tu_wait_ioctl(k.s, FIONREAD, (int)recvq, 3000) < 0)
			return -1;
	}
	if (sendq) {
		s2c = tu_write_some(k.s, S2C, 0, sendq);
		tu_settle(k.s);
	}
	if (handoffs(&k.s, n, &a) < 0)
		return -1;
	{
		struct tu_ep e[2] = {
			{ .fd = k.c, .wdir = C2S, .woff = recvq, .wend = recvq + 10000, .rdir = S2C, .rend = s2c + 10000 },
			{ .fd = k.s, .wdir = S2C, .woff = s2c, .wend = s2c + 10000, .rdir = C2S, .rend = recvq + 10000 },
		};
		if (tu_pump(e, 2, 10000) < 0)
			return -1;
	}
	tu_sleep_ms(20);
	if (tu_healthy(k.c) < 0 || tu_healthy(k.s) < 0)
		return -1;
	printf("%s recv queue %6u B, send queue %6llu B (record %7zu B), %d handoffs: "
	       "tcpcp_get %6.1f us, close %5.1f us, tcpcp_create %6.1f us, tcpcp_activate %6.1f us\n",
	       family == AF_INET ? "IPv4" : "IPv6", recvq, (unsigned long long)s2c, a.bytes, n,
	       a.get * 1e3 / n, a.close * 1e3 / n, a.create * 1e3 / n, a.activate * 1e3 / n);
	tu_close(&k);
	return 0;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000;
	static const uint32_t sizes[][2] = { { 0, 0 }, { 1000, 0 }, { 65536, 65536 } };

	if (n <= 0 || tu_netns() < 0) {
		fprintf(stderr, "bench: %s\n", tu_failure[0] ? tu_failure : "bad count");
		return 1;
	}
	for (int f = 0; f < 2; f++) {
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			if (bench(f ? AF_INET6 : AF_INET, n, sizes[i][0], sizes[i][1]) < 0) {
				fprintf(stderr, "bench failed: %s\n", tu_failure);
				return 1;
			}
		}
	}
	return 0;
}
