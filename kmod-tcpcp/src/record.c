/* Encoding and validation of a connection-state record (docs/connection-state.md, v1). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}
static uint16_t get16(const uint8_t *p) { return (uint16_t)((p[0] << 8) | p[1]); }
static uint32_t get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

size_t tcpcp_record_len(const struct tcpcp_state *st)
{
	uint64_t total = (uint64_t)REC_HEADER_LEN + st->send_queue_len + st->recv_queue_len + REC_CRC_LEN;

	return total > REC_MAX_LEN ? 0 : (size_t)total;
}

void tcpcp_record_finish(uint8_t *r, const struct tcpcp_state *st)
{
	size_t total = tcpcp_record_len(st);

	memset(r, 0, REC_HEADER_LEN);
	memcpy(r + OFF_MAGIC, REC_MAGIC, 4);
	put16(r + OFF_VERSION, REC_VERSION);
	put16(r + OFF_HEADER_LEN, REC_HEADER_LEN);
	put32(r + OFF_TOTAL_LEN, (uint32_t)total);
	r[OFF_FAMILY] = st->family;
	r[OFF_TCP_STATE] = st->tcp_state;
	r[OFF_OPTIONS] = st->options;
	r[OFF_FLAGS] = st->flags;
	memcpy(r + OFF_LOCAL_ADDR, st->local_addr, 16);
	memcpy(r + OFF_REMOTE_ADDR, st->remote_addr, 16);
	put16(r + OFF_LOCAL_PORT, st->local_port);
	put16(r + OFF_REMOTE_PORT, st->remote_port);
	r[OFF_SND_WSCALE] = st->snd_wscale;
	r[OFF_RCV_WSCALE] = st->rcv_wscale;
	put16(r + OFF_MSS, st->mss);
	put32(r + OFF_SEND_SEQ, st->send_seq);
	put32(r + OFF_RECV_SEQ, st->recv_seq);
	put32(r + OFF_TIMESTAMP, st->timestamp);
	put32(r + OFF_SND_WL1, st->snd_wl1);
	put32(r + OFF_SND_WND, st->snd_wnd);
	put32(r + OFF_MAX_WINDOW, st->max_window);
	put32(r + OFF_RCV_WND, st->rcv_wnd);
	put32(r + OFF_RCV_WUP, st->rcv_wup);
	put32(r + OFF_SEND_QUEUE_LEN, st->send_queue_len);
	put32(r + OFF_SEND_UNSENT_LEN, st->send_unsent_len);
	put32(r + OFF_RECV_QUEUE_LEN, st->recv_queue_len);
	put32(r + OFF_SNDBUF, st->sndbuf);
	put32(r + OFF_RCVBUF, st->rcvbuf);
	put32(r + OFF_KEEPIDLE, st->keepidle);
	put32(r + OFF_KEEPINTVL, st->keepintvl);
	put32(r + OFF_KEEPCNT, st->keepcnt);
	r[OFF_TOS] = st->tos;
	r[OFF_TTL] = st->ttl;
	/* reserved bytes stay zero */
	memcpy(r + OFF_CONGESTION, st->congestion, REC_CONG_LEN - 1);
	r[OFF_CONGESTION + REC_CONG_LEN - 1] = 0;
	put32(r + total - REC_CRC_LEN, tcpcp_crc32(r, total - REC_CRC_LEN));
}

uint8_t *tcpcp_record_encode(const struct tcpcp_state *st, size_t *len_out)
{
	size_t total = tcpcp_record_len(st);
	uint8_t *r;

	if (!total) {
		errno = EMSGSIZE;
		tcpcp_set_error("record would be above the 64 MiB limit (send_queue_len=%u, "
				"recv_queue_len=%u)", st->send_queue_len, st->recv_queue_len);
		return NULL;
	}
	r = malloc(total);
	if (!r) {
		tcpcp_set_syserror("malloc(%zu) for the record", total);
		return NULL;
	}
	if (st->send_queue_len)
		memcpy(r + REC_HEADER_LEN, st->send_queue, st->send_queue_len);
	if (st->recv_queue_len)
		memcpy(r + REC_HEADER_LEN + st->send_queue_len, st->recv_queue, st->recv_queue_len);
	tcpcp_record_finish(r, st);
	*len_out = total;
	return r;
}

size_t tcpcp_record_size(const void *rec)
{
	const uint8_t *r = rec;
	uint32_t total;

	if (!r || memcmp(r + OFF_MAGIC, REC_MAGIC, 4) != 0 || get16(r + OFF_VERSION) != REC_VERSION ||
	    get16(r + OFF_HEADER_LEN) != REC_HEADER_LEN)
		return 0;
	total = get32(r + OFF_TOTAL_LEN);
	if (total < REC_MIN_LEN || total > REC_MAX_LEN)
		return 0;
	return total;
}

static int is_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

#define REFUSE(...) do { tcpcp_set_error(__VA_ARGS__); errno = EINVAL; return -1; } while (0)

int tcpcp_record_decode(const void *rec, size_t len, struct tcpcp_state *st)
{
	const uint8_t *r = rec;
	uint64_t expect;
	uint32_t total, crc_rec, crc_calc;
	uint16_t version, header_len;

	if (!r)
		REFUSE("record is NULL");
	if (len > REC_MAX_LEN)
		REFUSE("record is %zu bytes, above the 64 MiB limit", len);
	if (len < REC_MIN_LEN)
		REFUSE("record is %zu bytes, shorter than header (%u) + CRC (%u)", len,
		       REC_HEADER_LEN, REC_CRC_LEN);
	if (memcmp(r + OFF_MAGIC, REC_MAGIC, 4) != 0)
		REFUSE("record field magic=%02x%02x%02x%02x is not \"DSCS\"", r[0], r[1], r[2], r[3]);
	version = get16(r + OFF_VERSION);
	if (version != REC_VERSION)
		REFUSE("record field version=%u is not supported (only 1)", version);
	header_len = get16(r + OFF_HEADER_LEN);
	if (header_len != REC_HEADER_LEN)
		REFUSE("record field header_len=%u is not %u", header_len, REC_HEADER_LEN);
	total = get32(r + OFF_TOTAL_LEN);
	if (total != len)
		REFUSE("record field total_len=%u but record is %zu bytes", total, len);

	memset(st, 0, sizeof(*st));
	st->send_queue_len = get32(r + OFF_SEND_QUEUE_LEN);
	st->send_unsent_len = get32(r + OFF_SEND_UNSENT_LEN);
	st->recv_queue_len = get32(r + OFF_RECV_QUEUE_LEN);
	expect = (uint64_t)header_len + st->send_queue_len + st->recv_queue_len + REC_CRC_LEN;
	if (expect != total)
		REFUSE("record field total_len=%u but header_len + send_queue_len (%u) + "
		       "recv_queue_len (%u) + 4 = %llu", total, st->send_queue_len,
		       st->recv_queue_len, (unsigned long long)expect);
	crc_rec = get32(r + len - REC_CRC_LEN);
	crc_calc = tcpcp_crc32(r, len - REC_CRC_LEN);
	if (crc_rec != crc_calc)
		REFUSE("record field crc=%08x but the record's bytes give %08x", crc_rec, crc_calc);

	st->family = r[OFF_FAMILY];
	if (st->family != REC_FAMILY_V4 && st->family != REC_FAMILY_V6)
		REFUSE("record field family=%u is neither 4 nor 6", st->family);
	st->tcp_state = r[OFF_TCP_STATE];
	if (st->tcp_state != REC_STATE_ESTABLISHED)
		REFUSE("record field tcp_state=%u is not 1 (ESTABLISHED)", st->tcp_state);
	st->options = r[OFF_OPTIONS];
	if (st->options & ~REC_OPT_KNOWN)
		REFUSE("record field options=0x%02x has unknown bits 0x%02x", st->options,
		       st->options & ~REC_OPT_KNOWN & 0xFFu);
	st->flags = r[OFF_FLAGS];
	if (st->flags & ~REC_FLAG_KNOWN)
		REFUSE("record field flags=0x%02x has unknown bits 0x%02x", st->flags,
		       st->flags & ~REC_FLAG_KNOWN & 0xFFu);
	memcpy(st->local_addr, r + OFF_LOCAL_ADDR, 16);
	memcpy(st->remote_addr, r + OFF_REMOTE_ADDR, 16);
	if (st->family == REC_FAMILY_V4 && !is_zero(st->local_addr + 4, 12))
		REFUSE("record field local_addr: IPv4 address with non-zero padding");
	if (st->family == REC_FAMILY_V4 && !is_zero(st->remote_addr + 4, 12))
		REFUSE("record field remote_addr: IPv4 address with non-zero padding");
	st->local_port = get16(r + OFF_LOCAL_PORT);
	if (st->local_port == 0)
		REFUSE("record field local_port=0");
	st->remote_port = get16(r + OFF_REMOTE_PORT);
	if (st->remote_port == 0)
		REFUSE("record field remote_port=0");
	st->snd_wscale = r[OFF_SND_WSCALE];
	if (st->snd_wscale > REC_MAX_WSCALE)
		REFUSE("record field snd_wscale=%u is above %u", st->snd_wscale, REC_MAX_WSCALE);
	st->rcv_wscale = r[OFF_RCV_WSCALE];
	if (st->rcv_wscale > REC_MAX_WSCALE)
		REFUSE("record field rcv_wscale=%u is above %u", st->rcv_wscale, REC_MAX_WSCALE);
	st->mss = get16(r + OFF_MSS);
	st->send_seq = get32(r + OFF_SEND_SEQ);
	st->recv_seq = get32(r + OFF_RECV_SEQ);
	st->timestamp = get32(r + OFF_TIMESTAMP);
	st->snd_wl1 = get32(r + OFF_SND_WL1);
	st->snd_wnd = get32(r + OFF_SND_WND);
	st->max_window = get32(r + OFF_MAX_WINDOW);
	st->rcv_wnd = get32(r + OFF_RCV_WND);
	st->rcv_wup = get32(r + OFF_RCV_WUP);
	if (st->send_unsent_len > st->send_queue_len)
		REFUSE("record field send_unsent_len=%u is above send_queue_len=%u",
		       st->send_unsent_len, st->send_queue_len);
	st->sndbuf = get32(r + OFF_SNDBUF);
	st->rcvbuf = get32(r + OFF_RCVBUF);
	st->keepidle = get32(r + OFF_KEEPIDLE);
	st->keepintvl = get32(r + OFF_KEEPINTVL);
	st->keepcnt = get32(r + OFF_KEEPCNT);
	st->tos = r[OFF_TOS];
	st->ttl = r[OFF_TTL];
	if (st->ttl == 0)
		REFUSE("record field ttl=0");
	if (!is_zero(r + OFF_RESERVED, REC_RESERVED_LEN))
		REFUSE("record field reserved (bytes %u..%u) is not zero", OFF_RESERVED,
		       OFF_RESERVED + REC_RESERVED_LEN - 1);
	{
		const uint8_t *c = r + OFF_CONGESTION;
		size_t n = 0;

		while (n < REC_CONG_LEN && c[n] != 0) {
			if (c[n] < 0x20 || c[n] > 0x7e)
				REFUSE("record field congestion: non-printable byte 0x%02x at index %zu",
				       c[n], n);
			n++;
		}
		if (n == REC_CONG_LEN)
			REFUSE("record field congestion: no NUL in %u bytes", REC_CONG_LEN);
		for (size_t i = n; i < REC_CONG_LEN; i++)
			if (c[i] != 0)
				REFUSE("record field congestion: byte 0x%02x at index %zu after the "
				       "terminating NUL (must be NUL padding)", c[i], i);
		memcpy(st->congestion, c, REC_CONG_LEN);
	}
	st->send_queue = r + REC_HEADER_LEN;
	st->recv_queue = r + REC_HEADER_LEN + st->send_queue_len;
	return 0;
}
