/* Internal declarations of libtcpcp; not installed. */
#ifndef TCPCP_INTERNAL_H
#define TCPCP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#define TCPCP_API __attribute__((visibility("default")))

/* Record layout, docs/connection-state.md (version 1). */
#define REC_MAGIC        "DSCS"
#define REC_VERSION      1u
#define REC_HEADER_LEN   144u
#define REC_CRC_LEN      4u
#define REC_MIN_LEN      (REC_HEADER_LEN + REC_CRC_LEN)
#define REC_MAX_LEN      (64u * 1024u * 1024u)

#define REC_FAMILY_V4    4u
#define REC_FAMILY_V6    6u
#define REC_STATE_ESTABLISHED 1u
#define REC_OPT_TIMESTAMPS 0x01u
#define REC_OPT_SACK       0x02u
#define REC_OPT_WSCALE     0x04u
#define REC_OPT_KNOWN      0x07u
#define REC_FLAG_NODELAY   0x01u
#define REC_FLAG_KEEPALIVE 0x02u
#define REC_FLAG_KNOWN     0x03u
#define REC_MAX_WSCALE   14u
#define REC_CONG_LEN     16u

/* Offsets of the header fields. */
enum {
	OFF_MAGIC = 0, OFF_VERSION = 4, OFF_HEADER_LEN = 6, OFF_TOTAL_LEN = 8,
	OFF_FAMILY = 12, OFF_TCP_STATE = 13, OFF_OPTIONS = 14, OFF_FLAGS = 15,
	OFF_LOCAL_ADDR = 16, OFF_REMOTE_ADDR = 32, OFF_LOCAL_PORT = 48, OFF_REMOTE_PORT = 50,
	OFF_SND_WSCALE = 52, OFF_RCV_WSCALE = 53, OFF_MSS = 54,
	OFF_SEND_SEQ = 56, OFF_RECV_SEQ = 60, OFF_TIMESTAMP = 64,
	OFF_SND_WL1 = 68, OFF_SND_WND = 72, OFF_MAX_WINDOW = 76, OFF_RCV_WND = 80, OFF_RCV_WUP = 84,
	OFF_SEND_QUEUE_LEN = 88, OFF_SEND_UNSENT_LEN = 92, OFF_RECV_QUEUE_LEN = 96,
	OFF_SNDBUF = 100, OFF_RCVBUF = 104, OFF_KEEPIDLE = 108, OFF_KEEPINTVL = 112,
	OFF_KEEPCNT = 116, OFF_TOS = 120, OFF_TTL = 121, OFF_RESERVED = 122,
	OFF_CONGESTION = 128
};
#define REC_RESERVED_LEN 6u

/* One connection, decoded. */
struct tcpcp_state {
	uint8_t family;            /* REC_FAMILY_V4 / REC_FAMILY_V6 */
	uint8_t tcp_state;
	uint8_t options;
	uint8_t flags;
	uint8_t local_addr[16];
	uint8_t remote_addr[16];
	uint16_t local_port, remote_port;
	uint8_t snd_wscale, rcv_wscale;
	uint16_t mss;
	uint32_t send_seq, recv_seq, timestamp;
	uint32_t snd_wl1, snd_wnd, max_window, rcv_wnd, rcv_wup;
	uint32_t send_queue_len, send_unsent_len, recv_queue_len;
	uint32_t sndbuf, rcvbuf, keepidle, keepintvl, keepcnt;
	uint8_t tos, ttl;
	char congestion[REC_CONG_LEN];
	const uint8_t *send_queue;  /* send_queue_len bytes (not owned) */
	const uint8_t *recv_queue;  /* recv_queue_len bytes (not owned) */
};

/* crc32.c: CRC-32, IEEE 802.3 polynomial (as zlib crc32 / java.util.zip.CRC32). */
uint32_t tcpcp_crc32(const void *buf, size_t len);

/* record.c */
/* Length of the record of st, 0 if above the 64 MiB limit. */
size_t tcpcp_record_len(const struct tcpcp_state *st);
/* Write header and CRC trailer into r (tcpcp_record_len(st) bytes) whose queues are
 * already in place (send queue at offset 144, receive queue right after it). */
void tcpcp_record_finish(uint8_t *r, const struct tcpcp_state *st);
/* Encode st (queues copied from st's pointers) into a malloc'd record; *len_out gets its
 * length.  NULL + errno on failure. */
uint8_t *tcpcp_record_encode(const struct tcpcp_state *st, size_t *len_out);
/* Validate and decode; queue pointers point into rec.  0, or -1 with errno = EINVAL and
 * the reason in the thread's last error. */
int tcpcp_record_decode(const void *rec, size_t len, struct tcpcp_state *st);
/* total_len if the first 12 bytes are a plausible v1 header, else 0. */
size_t tcpcp_record_size(const void *rec);

/* mute.c: the nf_tables rule dropping what sockets marked TCPCP_MUTE_MARK send. */
/* Make sure the network namespace of socket s has the rule (checked, installed if
 * missing).  0, or -1 with errno and the thread's last error naming the rule. */
int tcpcp_mute_rule(int s);
/* For tests: how many copies of the rule the namespace of s has (-1 + errno on error);
 * remove the library's table from it (as a flushed ruleset would) and, with obstruct,
 * put a table of that name in its place in which the rule cannot be installed. */
int tcpcp_mute_rule_count(int s);
int tcpcp_mute_rule_remove(int s, int obstruct);

/* error.c: thread-local last error. */
void tcpcp_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "<what>: strerror(errno)"; errno is preserved. */
void tcpcp_set_syserror(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
