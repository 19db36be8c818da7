// SPDX-License-Identifier: GPL-2.0
/*
 * nlprobe: send one hand-built generic netlink request, print the answer.
 * For tests of the kernel's validation, which brfwctl never exercises
 * because it only builds well-formed requests.
 *
 *   nlprobe [-f FAMILY] REQUEST [+ REQUEST]...
 *   REQUEST := [-c CMD] [-v VERSION] [-r RESERVED] [-d] [-F N] ATTR...
 *   ATTR := u8:TYPE:VAL | u16:TYPE:VAL | u32:TYPE:VAL | u64:TYPE:VAL |
 *           str:TYPE:TEXT | flag:TYPE | raw:TYPE:HEXBYTES |
 *           nest:TYPE ATTR... end
 *   -d sends a dump request.
 *   -F N makes the Nth kernel allocation of the request fail
 *      (/proc/self/fail-nth, written just before sending it).
 *
 * Requests separated by "+" go in order over one socket (a transaction
 * belongs to its socket). For each, prints "ok" (and "replies N"), or
 *   "error ERRNO: EXTACK-MESSAGE [attr=TYPE] [missing=TYPE]"
 * where attr is the type of the request attribute the kernel pointed at.
 * Exit 0 if all succeeded, 1 on a netlink error, 2 on a usage or I/O
 * error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

/* enum nlmsgerr_attrs value since Linux 6.0; not a macro to #ifdef on. */
#define BRFW_NLMSGERR_ATTR_MISS_TYPE 5

static char buf[65536];

static int family_id_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
			*(int *)data = mnl_attr_get_u16(a);
	return MNL_CB_OK;
}

static struct nlattr *nests[8];
static int depth;

static int put_attr(struct nlmsghdr *nlh, const char *spec)
{
	char kind[8], *rest;
	unsigned long type;
	const char *val;

	if (!strcmp(spec, "end")) {
		if (!depth)
			return -1;
		mnl_attr_nest_end(nlh, nests[--depth]);
		return 0;
	}
	if (sscanf(spec, "%7[a-z0-9]:", kind) != 1)
		return -1;
	type = strtoul(spec + strlen(kind) + 1, &rest, 0);
	val = *rest == ':' ? rest + 1 : "";
	if (!strcmp(kind, "u8"))
		mnl_attr_put_u8(nlh, type, strtoul(val, NULL, 0));
	else if (!strcmp(kind, "u16"))
		mnl_attr_put_u16(nlh, type, strtoul(val, NULL, 0));
	else if (!strcmp(kind, "u32"))
		mnl_attr_put_u32(nlh, type, strtoul(val, NULL, 0));
	else if (!strcmp(kind, "u64"))
		mnl_attr_put_u64(nlh, type, strtoull(val, NULL, 0));
	else if (!strcmp(kind, "str"))
		mnl_attr_put_strz(nlh, type, val);
	else if (!strcmp(kind, "flag"))
		mnl_attr_put(nlh, type, 0, NULL);
	else if (!strcmp(kind, "nest") && depth < 8)
		nests[depth++] = mnl_attr_nest_start(nlh, type);
	else if (!strcmp(kind, "raw")) {
		unsigned char bytes[256];
		size_t n = 0;

		while (val[0] && val[1] && n < sizeof(bytes)) {
			sscanf(val, "%2hhx", &bytes[n++]);
			val += 2;
		}
		mnl_attr_put(nlh, type, n, bytes);
	} else
		return -1;
	return 0;
}

/* Which top-level attribute of the request does an error offset name? */
static int attr_at(const struct nlmsghdr *req, unsigned int offs)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, req, sizeof(struct genlmsghdr)) {
		unsigned int start = (const char *)a - (const char *)req;

		if (offs >= start && offs < start + a->nla_len)
			return mnl_attr_get_type(a);
	}
	return -1;
}

static int report_error(const struct nlmsghdr *nlh, const struct nlmsghdr *req)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	unsigned int hlen = sizeof(*e);
	const char *msg = "";
	int attr = -1, missing = -1;
	const struct nlattr *a;

	if (!e->error)
		return 0;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		hlen += e->msg.nlmsg_len - sizeof(e->msg);
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		mnl_attr_for_each(a, nlh, hlen) {
			switch (mnl_attr_get_type(a)) {
			case NLMSGERR_ATTR_MSG:
				msg = mnl_attr_get_str(a);
				break;
			case NLMSGERR_ATTR_OFFS:
				attr = attr_at(req, mnl_attr_get_u32(a));
				break;
			case BRFW_NLMSGERR_ATTR_MISS_TYPE:
				missing = mnl_attr_get_u32(a);
				break;
			}
		}
	}
	printf("error %d: %s", -e->error, msg);
	if (attr >= 0)
		printf(" attr=%d", attr);
	if (missing >= 0)
		printf(" missing=%d", missing);
	printf("\n");
	return 1;
}

/* One request: build it from args[0..n), send it, print the answer. */
static int run_request(struct mnl_socket *nl, int fam, unsigned int *seq,
		       char **args, int n)
{
	int cmd = 0, version = 1, reserved = 0, dump = 0, fail_nth = 0;
	static char reqbuf[65536];
	struct nlmsghdr *nlh, *req;
	struct genlmsghdr *g;
	int i, replies = 0, ret = 0;
	ssize_t len_rx;

	req = mnl_nlmsg_put_header(reqbuf);
	req->nlmsg_type = fam;
	req->nlmsg_seq = ++*seq;
	g = mnl_nlmsg_put_extra_header(req, sizeof(*g));
	for (i = 0; i < n; i++) {
		const char *a = args[i];

		if (a[0] == '-' && a[1] && !a[2] && strchr("cvrF", a[1])) {
			if (i + 1 == n) {
				fprintf(stderr, "nlprobe: %s needs a value\n", a);
				return 2;
			}
			switch (a[1]) {
			case 'c': cmd = atoi(args[++i]); break;
			case 'v': version = atoi(args[++i]); break;
			case 'r': reserved = atoi(args[++i]); break;
			case 'F': fail_nth = atoi(args[++i]); break;
			}
		} else if (!strcmp(a, "-d")) {
			dump = 1;
		} else if (put_attr(req, a)) {
			fprintf(stderr, "nlprobe: bad attribute %s\n", a);
			return 2;
		}
	}
	if (depth) {
		fprintf(stderr, "nlprobe: nest without end\n");
		return 2;
	}
	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (dump ? NLM_F_DUMP : 0);
	g->cmd = cmd;
	g->version = version;
	g->reserved = reserved;

	if (fail_nth) {
		/*
		 * Opened first: between the write and sendmsg nothing else may
		 * allocate in the kernel for this task.
		 */
		char num[16];
		int fd = open("/proc/thread-self/fail-nth", O_RDWR);

		if (fd < 0) {
			perror("nlprobe: fail-nth");
			return 2;
		}
		snprintf(num, sizeof(num), "%d", fail_nth);
		if (write(fd, num, strlen(num)) < 0)
			return 2;
		len_rx = mnl_socket_sendto(nl, req, req->nlmsg_len);
		/* Reads 0 once the fault was injected; clear it either way. */
		memset(num, 0, sizeof(num));
		if (pread(fd, num, sizeof(num) - 1, 0) < 0)
			num[0] = '?';
		if (write(fd, "0", 1) < 0)
			return 2;
		close(fd);
		fprintf(stderr, "fail-nth left %s\n", num);
	} else {
		len_rx = mnl_socket_sendto(nl, req, req->nlmsg_len);
	}
	if (len_rx < 0) {
		printf("error %d: sendmsg failed\n", errno);
		return 1;
	}

	for (;;) {
		int len;

		len_rx = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (len_rx <= 0) {
			/* ENOBUFS: the kernel could not queue its answer. */
			printf("error %d: no answer (receive failed)\n", errno);
			return 1;
		}
		len = len_rx;
		for (nlh = (struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				ret = report_error(nlh, req);
				goto done;
			}
			if (nlh->nlmsg_type == NLMSG_DONE)
				goto done;
			replies++;
		}
	}
done:
	if (!ret)
		printf("ok\nreplies %d\n", replies);
	return ret;
}

int main(int argc, char **argv)
{
	const char *family = "brfw";
	int one = 1, fam = -1, first = 1, i, ret = 0, r;
	unsigned int seq = time(NULL), portid;
	static char ctrlbuf[1024];
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	ssize_t n;

	if (argc > 2 && !strcmp(argv[1], "-f")) {
		family = argv[2];
		first = 3;
	}

	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("nlprobe: socket");
		return 2;
	}
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	portid = mnl_socket_get_portid(nl);

	nlh = mnl_nlmsg_put_header(ctrlbuf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, family);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return 2;
	while ((n = mnl_socket_recvfrom(nl, buf, sizeof(buf))) > 0) {
		int r2 = mnl_cb_run(buf, n, seq, portid, family_id_cb, &fam);

		if (r2 <= 0)
			break;
	}
	if (fam < 0) {
		printf("error: family %s not found\n", family);
		return 2;
	}

	for (i = first; i <= argc; i++) {
		if (i < argc && strcmp(argv[i], "+"))
			continue;
		r = run_request(nl, fam, &seq, argv + first, i - first);
		if (r == 2)
			return 2;
		if (r)
			ret = 1;
		first = i + 1;
	}
	mnl_socket_close(nl);
	return ret;
}
