/*
 * The rule that keeps frozen sockets from sending.
 *
 * Repair mode stops the application, not the kernel: a frozen socket's timers still run
 * and it still answers what arrives.  A delayed ACK, an ACK for data that arrived after
 * the dump, a retransmission, a paced or window-opened segment of the never-sent tail
 * would reach the peer after the state was dumped: the peer then takes bytes as delivered
 * that the restored socket never got, or data as sent that the record calls never sent,
 * or remembers a timestamp newer than the restored socket sends for a while and drops its
 * first segments (PAWS, RFC 7323 section 5).
 *
 * So every socket the library freezes or restores carries SO_MARK TCPCP_MUTE_MARK while it
 * is in repair mode, and the socket's network namespace has this nf_tables rule, which
 * drops each packet so marked before it leaves (nft notation):
 *
 *     table inet tcpcp_mute {
 *         chain output {
 *             type filter hook output priority raw; policy accept;
 *             meta mark 0x54430f00 drop comment "tcpcp: what a frozen socket sends"
 *         }
 *     }
 *
 * The transmit path sets skb->mark from sk_mark for everything a full socket sends,
 * data, ACKs and resets alike, so the hook sees the mark on each of them.  To TCP the drop
 * is a failed transmission: unsent data stays unsent, as the dump recorded it.
 *
 * Not policy routing (a blackhole rule on the fwmark): the rule that looks up the local
 * table has priority 0 and a new rule of priority 0 goes after it, so a peer at a local
 * address (loopback included) would still be reached.
 *
 * The rule is checked (one netlink dump) on every freeze and restore, and installed
 * when missing, as one nf_tables transaction that leaves exactly one such rule in the
 * chain however many processes do it at once.  Checking each time, rather than once per namespace,
 * also covers a ruleset flushed meanwhile (a firewall reload).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/netlink.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/sockios.h>

#include "internal.h"
#include "tcpcp.h"

#ifndef SIOCGSKNS
#define SIOCGSKNS 0x894C
#endif
#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

#define MUTE_TABLE "tcpcp_mute"
#define MUTE_CHAIN "output"
/* priority raw (-300): before connection tracking, so a dropped packet leaves no trace */
#define MUTE_PRIORITY (-300)
#define MUTE_COMMENT "tcpcp: what a frozen socket sends"
/* type of a comment in nft's rule user data (type-length-value, NUL included) */
#define UDATA_RULE_COMMENT 0

_Static_assert(TCPCP_MUTE_MARK == 0x54430f00u, "RULE_DESC and the comment above name the mark");

/* How the rule is named in error messages. */
#define RULE_DESC "nf_tables rule (table inet " MUTE_TABLE ", chain " MUTE_CHAIN \
	": meta mark 0x54430f00 drop)"

/* No answer from the kernel within this many seconds is an error, not a hang. */
#define NL_TIMEOUT_S 2

/* ---------------------------------------------------------------- netlink messages */

struct nlbuf {
	uint8_t b[1024];
	size_t len;
	size_t msg;      /* offset of the message being built */
	uint32_t seq;    /* sequence number of the last message */
	int overflow;
};

static void *nl_room(struct nlbuf *m, size_t n)
{
	void *p;

	n = NLMSG_ALIGN(n);
	if (m->len + n > sizeof(m->b)) {
		m->overflow = 1;
		return NULL;
	}
	p = m->b + m->len;
	memset(p, 0, n);
	m->len += n;
	return p;
}

static void nl_begin(struct nlbuf *m, uint16_t type, uint16_t flags, uint8_t family, uint16_t res_id)
{
	struct nlmsghdr *h;
	struct nfgenmsg *g;

	m->msg = m->len;
	h = nl_room(m, NLMSG_HDRLEN);
	g = nl_room(m, sizeof(*g));
	if (!h || !g)
		return;
	h->nlmsg_type = type;
	h->nlmsg_flags = (uint16_t)(NLM_F_REQUEST | flags);
	h->nlmsg_seq = ++m->seq;
	g->nfgen_family = family;
	g->version = NFNETLINK_V0;
	g->res_id = htons(res_id);
}

static void nl_end(struct nlbuf *m)
{
	if (!m->overflow)
		((struct nlmsghdr *)(m->b + m->msg))->nlmsg_len = (uint32_t)(m->len - m->msg);
}

static void nl_attr(struct nlbuf *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = nl_room(m, NLA_HDRLEN + len);

	if (!a)
		return;
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	memcpy((uint8_t *)a + NLA_HDRLEN, data, len);
}

static void nl_str(struct nlbuf *m, uint16_t type, const char *s)
{
	nl_attr(m, type, s, strlen(s) + 1);
}

static void nl_be32(struct nlbuf *m, uint16_t type, uint32_t v)
{
	v = htonl(v);
	nl_attr(m, type, &v, sizeof(v));
}

static size_t nl_nest(struct nlbuf *m, uint16_t type)
{
	size_t off = m->len;
	struct nlattr *a = nl_room(m, NLA_HDRLEN);

	if (a)
		a->nla_type = (uint16_t)(type | NLA_F_NESTED);
	return off;
}

static void nl_nest_end(struct nlbuf *m, size_t off)
{
	if (!m->overflow)
		((struct nlattr *)(m->b + off))->nla_len = (uint16_t)(m->len - off);
}

#define NFT_TYPE(msg) ((uint16_t)((NFNL_SUBSYS_NFTABLES << 8) | (msg)))

/* The rule's user data: an nft comment, so that `nft list ruleset` shows it. */
static size_t rule_udata(uint8_t *u, size_t cap)
{
	size_t n = sizeof(MUTE_COMMENT);

	if (cap < n + 2)
		return 0;
	u[0] = UDATA_RULE_COMMENT;
	u[1] = (uint8_t)n;
	memcpy(u + 2, MUTE_COMMENT, n);
	return n + 2;
}

static void put_rule_names(struct nlbuf *m)
{
	nl_str(m, NFTA_RULE_TABLE, MUTE_TABLE);
	nl_str(m, NFTA_RULE_CHAIN, MUTE_CHAIN);
}

/* meta mark -> reg 1; cmp reg 1 == mark; immediate verdict drop */
static void put_rule_exprs(struct nlbuf *m)
{
	uint32_t mark = TCPCP_MUTE_MARK; /* the register holds skb->mark in host order */
	size_t list, el, data, nest, verdict;

	list = nl_nest(m, NFTA_RULE_EXPRESSIONS);

	el = nl_nest(m, NFTA_LIST_ELEM);
	nl_str(m, NFTA_EXPR_NAME, "meta");
	data = nl_nest(m, NFTA_EXPR_DATA);
	nl_be32(m, NFTA_META_DREG, NFT_REG_1);
	nl_be32(m, NFTA_META_KEY, NFT_META_MARK);
	nl_nest_end(m, data);
	nl_nest_end(m, el);

	el = nl_nest(m, NFTA_LIST_ELEM);
	nl_str(m, NFTA_EXPR_NAME, "cmp");
	data = nl_nest(m, NFTA_EXPR_DATA);
	nl_be32(m, NFTA_CMP_SREG, NFT_REG_1);
	nl_be32(m, NFTA_CMP_OP, NFT_CMP_EQ);
	nest = nl_nest(m, NFTA_CMP_DATA);
	nl_attr(m, NFTA_DATA_VALUE, &mark, sizeof(mark));
	nl_nest_end(m, nest);
	nl_nest_end(m, data);
	nl_nest_end(m, el);

	el = nl_nest(m, NFTA_LIST_ELEM);
	nl_str(m, NFTA_EXPR_NAME, "immediate");
	data = nl_nest(m, NFTA_EXPR_DATA);
	nl_be32(m, NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
	nest = nl_nest(m, NFTA_IMMEDIATE_DATA);
	verdict = nl_nest(m, NFTA_DATA_VERDICT);
	nl_be32(m, NFTA_VERDICT_CODE, NF_DROP);
	nl_nest_end(m, verdict);
	nl_nest_end(m, nest);
	nl_nest_end(m, data);
	nl_nest_end(m, el);

	nl_nest_end(m, list);
}

/* ---------------------------------------------------------------- netlink transport */

static int nl_send(int nl, const struct nlbuf *m)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	ssize_t n;

	do
		n = sendto(nl, m->b, m->len, 0, (struct sockaddr *)&k, sizeof(k));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if ((size_t)n != m->len) {
		errno = EMSGSIZE;
		return -1;
	}
	return 0;
}

/* One datagram of replies into buf; -1 with errno (EAGAIN after the timeout). */
static ssize_t nl_recv(int nl, uint8_t *buf, size_t cap)
{
	ssize_t n;

	do
		n = recv(nl, buf, cap, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		errno = ETIMEDOUT;
	return n;
}

static const char *msg_name(uint16_t type)
{
	if (type == NFNL_MSG_BATCH_BEGIN)
		return "NFNL_MSG_BATCH_BEGIN (no nf_tables in this kernel?)";
	if ((type >> 8) != NFNL_SUBSYS_NFTABLES)
		return "nfnetlink message";
	switch (type & 0xff) {
	case NFT_MSG_NEWTABLE: return "NFT_MSG_NEWTABLE";
	case NFT_MSG_NEWCHAIN: return "NFT_MSG_NEWCHAIN";
	case NFT_MSG_DELRULE: return "NFT_MSG_DELRULE";
	case NFT_MSG_NEWRULE: return "NFT_MSG_NEWRULE";
	case NFT_MSG_GETRULE: return "NFT_MSG_GETRULE";
	case NFT_MSG_DELTABLE: return "NFT_MSG_DELTABLE";
	default: return "nf_tables message";
	}
}

/*
 * Send a batch whose messages all ask for an ACK and wait for the answer to the last
 * one.  The first error answered ends the wait: 0, or -1 with errno and *what naming the
 * refused message.  A batch the kernel does not take at all (no nf_tables) is answered
 * with an error to its BATCH_BEGIN.
 */
static int nl_transact(int nl, const struct nlbuf *m, const char **what)
{
	uint8_t buf[8192] __attribute__((aligned(4)));

	*what = "sendto(NETLINK_NETFILTER)";
	if (nl_send(nl, m) < 0)
		return -1;
	for (;;) {
		ssize_t n = nl_recv(nl, buf, sizeof(buf));
		size_t left;

		*what = "recv(NETLINK_NETFILTER)";
		if (n < 0)
			return -1;
		left = (size_t)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			const struct nlmsgerr *e = NLMSG_DATA(h);

			if (h->nlmsg_type != NLMSG_ERROR || h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
				continue;
			if (e->error) {
				*what = msg_name(e->msg.nlmsg_type);
				errno = -e->error;
				return -1;
			}
			if (h->nlmsg_seq == m->seq)
				return 0;
		}
	}
}

/* The attribute of the given type in the attributes [p, p + len), or NULL. */
static const struct nlattr *nl_find(const uint8_t *p, size_t len, uint16_t type)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		size_t al = a->nla_len, step = NLA_ALIGN(al);

		if (al < NLA_HDRLEN || al > len)
			return NULL;
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		if (step >= len)
			return NULL;
		p += step;
		len -= step;
	}
	return NULL;
}

static int attr_is(const uint8_t *p, size_t len, uint16_t type, const void *want, size_t want_len)
{
	const struct nlattr *a = nl_find(p, len, type);

	return a && (size_t)a->nla_len - NLA_HDRLEN == want_len &&
	       memcmp((const uint8_t *)a + NLA_HDRLEN, want, want_len) == 0;
}

/*
 * Count the rules of chain inet tcpcp_mute/output that carry this library's comment:
 * >= 0, or -1 with errno.  A missing table or chain counts 0.  The dump asks the kernel
 * for that chain only; each reply is still checked, in case a kernel lists more.
 */
static int count_rules(int nl, const char **what)
{
	uint8_t buf[16384] __attribute__((aligned(4)));
	uint8_t udata[64];
	size_t ulen = rule_udata(udata, sizeof(udata));
	struct nlbuf m = { .len = 0 };
	uint32_t seq;
	int count = 0;

	nl_begin(&m, NFT_TYPE(NFT_MSG_GETRULE), NLM_F_DUMP, NFPROTO_INET, 0);
	put_rule_names(&m);
	nl_end(&m);
	seq = m.seq;
	*what = "sendto(NETLINK_NETFILTER, NFT_MSG_GETRULE)";
	if (nl_send(nl, &m) < 0)
		return -1;
	for (;;) {
		ssize_t n = nl_recv(nl, buf, sizeof(buf));
		size_t left;

		*what = "recv(NETLINK_NETFILTER, NFT_MSG_GETRULE)";
		if (n < 0)
			return -1;
		left = (size_t)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			const uint8_t *attrs = (const uint8_t *)NLMSG_DATA(h) + NLMSG_ALIGN(sizeof(struct nfgenmsg));
			size_t alen;

			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_DONE)
				return count;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)) || e->error == 0 ||
				    e->error == -ENOENT)
					return count;
				*what = "NFT_MSG_GETRULE";
				errno = -e->error;
				return -1;
			}
			if (h->nlmsg_type != NFT_TYPE(NFT_MSG_NEWRULE) ||
			    h->nlmsg_len < NLMSG_LENGTH(sizeof(struct nfgenmsg)))
				continue;
			alen = h->nlmsg_len - NLMSG_LENGTH(sizeof(struct nfgenmsg));
			if (((const struct nfgenmsg *)NLMSG_DATA(h))->nfgen_family == NFPROTO_INET &&
			    attr_is(attrs, alen, NFTA_RULE_TABLE, MUTE_TABLE, sizeof(MUTE_TABLE)) &&
			    attr_is(attrs, alen, NFTA_RULE_CHAIN, MUTE_CHAIN, sizeof(MUTE_CHAIN)) &&
			    attr_is(attrs, alen, NFTA_RULE_USERDATA, udata, ulen))
				count++;
		}
	}
}

/*
 * One transaction: table and base chain created unless they exist, the chain emptied,
 * the rule added.  Applied whole or not at all.
 */
static int install(int nl, const char **what)
{
	uint8_t udata[64];
	size_t ulen = rule_udata(udata, sizeof(udata));
	struct nlbuf m = { .len = 0 };
	size_t hook;

	nl_begin(&m, NFNL_MSG_BATCH_BEGIN, 0, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
	nl_end(&m);

	nl_begin(&m, NFT_TYPE(NFT_MSG_NEWTABLE), NLM_F_CREATE | NLM_F_ACK, NFPROTO_INET, 0);
	nl_str(&m, NFTA_TABLE_NAME, MUTE_TABLE);
	nl_end(&m);

	nl_begin(&m, NFT_TYPE(NFT_MSG_NEWCHAIN), NLM_F_CREATE | NLM_F_ACK, NFPROTO_INET, 0);
	nl_str(&m, NFTA_CHAIN_TABLE, MUTE_TABLE);
	nl_str(&m, NFTA_CHAIN_NAME, MUTE_CHAIN);
	hook = nl_nest(&m, NFTA_CHAIN_HOOK);
	nl_be32(&m, NFTA_HOOK_HOOKNUM, NF_INET_LOCAL_OUT);
	nl_be32(&m, NFTA_HOOK_PRIORITY, (uint32_t)MUTE_PRIORITY);
	nl_nest_end(&m, hook);
	nl_be32(&m, NFTA_CHAIN_POLICY, NF_ACCEPT);
	nl_str(&m, NFTA_CHAIN_TYPE, "filter");
	nl_end(&m);

	/* without a handle: every rule of the chain */
	nl_begin(&m, NFT_TYPE(NFT_MSG_DELRULE), NLM_F_ACK, NFPROTO_INET, 0);
	put_rule_names(&m);
	nl_end(&m);

	nl_begin(&m, NFT_TYPE(NFT_MSG_NEWRULE), NLM_F_CREATE | NLM_F_APPEND | NLM_F_ACK, NFPROTO_INET, 0);
	put_rule_names(&m);
	put_rule_exprs(&m);
	nl_attr(&m, NFTA_RULE_USERDATA, udata, ulen);
	nl_end(&m);
	{
		/* the answer to be waited for is that of the last message with an ACK */
		uint32_t last = m.seq;

		nl_begin(&m, NFNL_MSG_BATCH_END, 0, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
		nl_end(&m);
		m.seq = last;
	}
	if (m.overflow) {
		errno = EMSGSIZE;
		*what = "building the nf_tables batch";
		return -1;
	}
	return nl_transact(nl, &m, what);
}

/* ---------------------------------------------------------------- namespaces */

struct ns_job {
	int nsfd;
	int nl;
	int err;
	const char *what;
};

static int nl_socket(void)
{
	int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
	struct timeval tv = { NL_TIMEOUT_S, 0 };

	if (nl < 0)
		return -1;
	if (setsockopt(nl, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
		int saved = errno;

		close(nl);
		errno = saved;
		return -1;
	}
	return nl;
}

/* A netlink socket belongs to the network namespace of the thread that creates it:
 * a thread of its own enters the socket's namespace, so the caller's stays as it is. */
static void *open_in_ns(void *arg)
{
	struct ns_job *j = arg;

	if (setns(j->nsfd, CLONE_NEWNET) < 0) {
		j->err = errno;
		j->what = "setns(CLONE_NEWNET) into the socket's network namespace";
		return NULL;
	}
	j->nl = nl_socket();
	if (j->nl < 0) {
		j->err = errno;
		j->what = "socket(AF_NETLINK, NETLINK_NETFILTER)";
	}
	return NULL;
}

static int same_file(int a, int b)
{
	struct stat sa, sb;

	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* 1 if sockets a and b are in the same network namespace, 0 if not, -1 if the kernel
 * cannot tell by cookie (SO_NETNS_COOKIE is Linux >= 5.14). */
static int same_ns_by_cookie(int a, int b)
{
	uint64_t ca, cb;
	socklen_t la = sizeof(ca), lb = sizeof(cb);

	if (getsockopt(a, SOL_SOCKET, SO_NETNS_COOKIE, &ca, &la) < 0 ||
	    getsockopt(b, SOL_SOCKET, SO_NETNS_COOKIE, &cb, &lb) < 0)
		return -1;
	return ca == cb;
}

/* A NETLINK_NETFILTER socket in the network namespace of socket s, or -1 with *what. */
static int nl_for(int s, const char **what)
{
	int nl, sns, nlns, rc;
	struct ns_job j = { .nl = -1 };
	pthread_t t;

	*what = "socket(AF_NETLINK, NETLINK_NETFILTER)";
	nl = nl_socket();
	if (nl < 0)
		return -1;
	rc = same_ns_by_cookie(s, nl);
	if (rc == 1)
		return nl;
	/* a namespace file of each (both namespaces are alive: their inodes tell them apart) */
	sns = ioctl(s, SIOCGSKNS);
	if (sns < 0) {
		if (errno == ENOTTY || errno == EINVAL)
			return nl; /* kernel without SIOCGSKNS (< 4.9): the caller's namespace */
		*what = "ioctl(SIOCGSKNS) on the socket";
		goto fail;
	}
	if (rc < 0) {
		nlns = ioctl(nl, SIOCGSKNS);
		if (nlns < 0) {
			*what = "ioctl(SIOCGSKNS) on the netlink socket";
			close(sns);
			goto fail;
		}
		rc = same_file(sns, nlns);
		close(nlns);
		if (rc) {
			close(sns);
			return nl;
		}
	}
	close(nl);
	j.nsfd = sns;
	rc = pthread_create(&t, NULL, open_in_ns, &j);
	if (rc) {
		close(sns);
		errno = rc;
		*what = "pthread_create (to enter the socket's network namespace)";
		return -1;
	}
	pthread_join(t, NULL);
	close(sns);
	if (j.nl < 0) {
		errno = j.err;
		*what = j.what;
	}
	return j.nl;
fail: {
		int saved = errno;

		close(nl);
		errno = saved;
		return -1;
	}
}

/* ---------------------------------------------------------------- entry points */

int tcpcp_mute_rule(int s)
{
	const char *what = "";
	int nl, n, rc = -1;

	nl = nl_for(s, &what);
	if (nl < 0)
		goto out;
	n = count_rules(nl, &what);
	if (n == 1)
		rc = 0;
	else if (n >= 0)
		rc = install(nl, &what);
	close(nl);
out:
	if (rc < 0)
		tcpcp_set_syserror("%s, which keeps a frozen socket from sending, is not in place: %s",
				   RULE_DESC, what);
	return rc;
}

int tcpcp_mute_rule_count(int s)
{
	const char *what = "";
	int nl, n;

	nl = nl_for(s, &what);
	if (nl < 0) {
		tcpcp_set_syserror("%s", what);
		return -1;
	}
	n = count_rules(nl, &what);
	if (n < 0)
		tcpcp_set_syserror("%s", what);
	close(nl);
	return n;
}

int tcpcp_mute_rule_remove(int s, int obstruct)
{
	struct nlbuf m = { .len = 0 };
	const char *what = "";
	int nl, rc;
	uint32_t last;

	nl = nl_for(s, &what);
	if (nl < 0) {
		tcpcp_set_syserror("%s", what);
		return -1;
	}
	nl_begin(&m, NFNL_MSG_BATCH_BEGIN, 0, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
	nl_end(&m);
	/* created first so that the deletion never fails */
	nl_begin(&m, NFT_TYPE(NFT_MSG_NEWTABLE), NLM_F_CREATE | NLM_F_ACK, NFPROTO_INET, 0);
	nl_str(&m, NFTA_TABLE_NAME, MUTE_TABLE);
	nl_end(&m);
	nl_begin(&m, NFT_TYPE(NFT_MSG_DELTABLE), NLM_F_ACK, NFPROTO_INET, 0);
	nl_str(&m, NFTA_TABLE_NAME, MUTE_TABLE);
	nl_end(&m);
	if (obstruct) {
		/* a table of that name whose chain "output" is a regular chain: the rule's base
		 * chain cannot be created there */
		nl_begin(&m, NFT_TYPE(NFT_MSG_NEWTABLE), NLM_F_CREATE | NLM_F_ACK, NFPROTO_INET, 0);
		nl_str(&m, NFTA_TABLE_NAME, MUTE_TABLE);
		nl_end(&m);
		nl_begin(&m, NFT_TYPE(NFT_MSG_NEWCHAIN), NLM_F_CREATE | NLM_F_ACK, NFPROTO_INET, 0);
		nl_str(&m, NFTA_CHAIN_TABLE, MUTE_TABLE);
		nl_str(&m, NFTA_CHAIN_NAME, MUTE_CHAIN);
		nl_end(&m);
	}
	last = m.seq;
	nl_begin(&m, NFNL_MSG_BATCH_END, 0, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
	nl_end(&m);
	m.seq = last;
	rc = nl_transact(nl, &m, &what);
	if (rc < 0)
		tcpcp_set_syserror("%s", what);
	close(nl);
	return rc;
}
