// SPDX-License-Identifier: GPL-2.0
/*
 * synflood: a fast generator of new flows for the conntrack tests. It
 * writes whole Ethernet frames to an interface over AF_PACKET (run it in
 * the VM's namespace), batched with sendmmsg(), from buffers allocated
 * once.
 *
 *   synflood -i IF -s SRCMAC -d DSTMAC -S SRCIP -D DSTIP -n COUNT
 *            [-u] [-6] [-p DPORT] [-P SPORT] [-r RATE] [-b BATCH]
 *
 *   -u      UDP datagrams (8 bytes of payload) instead of TCP SYNs
 *   -6      SRCIP and DSTIP are IPv6 addresses
 *   -p      first destination port (default 80)
 *   -P      first source port (default 1024)
 *   -r      at most RATE frames per second (default: as fast as it can)
 *   -b      frames per sendmmsg() (default 256, at most 1024)
 *
 * Tuples: frame k (0 <= k < COUNT) has source port SPORT + k % NSPORT and
 * destination port DPORT + k / NSPORT, NSPORT = 65536 - SPORT: every frame
 * is a distinct flow as long as DPORT + COUNT / NSPORT stays below 65536
 * (checked). Addresses never change. Checksums (IPv4 header, TCP/UDP with
 * the pseudo header) are correct.
 *
 * Prints "sent N" (frames the kernel took). Exits 0 when all COUNT went,
 * 1 otherwise, 2 on a usage error.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>

#define MAXBATCH 1024
#define FRAME_MAX 128

static uint8_t frames[MAXBATCH][FRAME_MAX];
static struct mmsghdr msgs[MAXBATCH];
static struct iovec iovs[MAXBATCH];

static int parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[6];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++) {
		if (b[i] > 255)
			return -1;
		mac[i] = b[i];
	}
	return 0;
}

/* One's complement sum of len bytes (even len), not folded. */
static uint32_t sum16(const void *p, size_t len, uint32_t sum)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)b[i] << 8 | b[i + 1];
	if (len & 1)
		sum += (uint32_t)b[len - 1] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: synflood -i IF -s SRCMAC -d DSTMAC -S SRCIP -D DSTIP -n COUNT\n"
		"                [-u] [-6] [-p DPORT] [-P SPORT] [-r RATE] [-b BATCH]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *ifname = NULL, *sip = NULL, *dip = NULL;
	uint8_t smac[6], dmac[6], saddr[16], daddr[16];
	unsigned long count = 0, sent = 0, k, rate = 0;
	unsigned int dport0 = 80, sport0 = 1024, batch = 256, nsport;
	int v6 = 0, udp = 0, have_smac = 0, have_dmac = 0, opt, fd;
	size_t l3, l4, len, alen;
	uint32_t pseudo;
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	double t0;

	while ((opt = getopt(argc, argv, "i:s:d:S:D:n:up:P:r:b:6")) != -1) {
		switch (opt) {
		case 'i': ifname = optarg; break;
		case 's':
			if (parse_mac(optarg, smac))
				usage();
			have_smac = 1;
			break;
		case 'd':
			if (parse_mac(optarg, dmac))
				usage();
			have_dmac = 1;
			break;
		case 'S': sip = optarg; break;
		case 'D': dip = optarg; break;
		case 'n': count = strtoul(optarg, NULL, 0); break;
		case 'u': udp = 1; break;
		case '6': v6 = 1; break;
		case 'p': dport0 = strtoul(optarg, NULL, 0); break;
		case 'P': sport0 = strtoul(optarg, NULL, 0); break;
		case 'r': rate = strtoul(optarg, NULL, 0); break;
		case 'b': batch = strtoul(optarg, NULL, 0); break;
		default: usage();
		}
	}
	if (!ifname || !sip || !dip || !have_smac || !have_dmac || !count ||
	    !batch || batch > MAXBATCH || sport0 < 1 || sport0 > 65535 ||
	    dport0 < 1 || dport0 > 65535)
		usage();
	alen = v6 ? 16 : 4;
	if (inet_pton(v6 ? AF_INET6 : AF_INET, sip, saddr) != 1 ||
	    inet_pton(v6 ? AF_INET6 : AF_INET, dip, daddr) != 1) {
		fprintf(stderr, "synflood: bad address\n");
		usage();
	}
	nsport = 65536 - sport0;
	if (dport0 + (count - 1) / nsport > 65535) {
		fprintf(stderr, "synflood: %lu tuples do not fit the port space\n",
			count);
		return 2;
	}

	l3 = ETH_HLEN;
	l4 = l3 + (v6 ? 40 : 20);
	len = l4 + (udp ? 8 + 8 : 20);

	/* The template: everything but ports, sequence and checksums. */
	memset(frames, 0, sizeof(frames));
	{
		uint8_t *f = frames[0];

		memcpy(f, dmac, 6);
		memcpy(f + 6, smac, 6);
		put16(f + 12, v6 ? ETH_P_IPV6 : ETH_P_IP);
		if (v6) {
			f[l3] = 0x60;
			put16(f + l3 + 4, len - l4);
			f[l3 + 6] = udp ? IPPROTO_UDP : IPPROTO_TCP;
			f[l3 + 7] = 64;
			memcpy(f + l3 + 8, saddr, 16);
			memcpy(f + l3 + 24, daddr, 16);
		} else {
			f[l3] = 0x45;
			put16(f + l3 + 2, len - l3);
			put16(f + l3 + 6, 0x4000);	/* DF */
			f[l3 + 8] = 64;
			f[l3 + 9] = udp ? IPPROTO_UDP : IPPROTO_TCP;
			memcpy(f + l3 + 12, saddr, 4);
			memcpy(f + l3 + 16, daddr, 4);
			put16(f + l3 + 10, fold(sum16(f + l3, 20, 0)));
		}
		if (udp) {
			put16(f + l4 + 4, len - l4);
			memcpy(f + l4 + 8, "synflood", 8);
		} else {
			f[l4 + 12] = 5 << 4;		/* data offset */
			f[l4 + 13] = 0x02;		/* SYN */
			put16(f + l4 + 14, 64240);	/* window */
		}
		for (k = 1; k < batch; k++)
			memcpy(frames[k], f, len);
	}
	/* Pseudo header: addresses, protocol, L4 length. */
	pseudo = sum16(saddr, alen, 0);
	pseudo = sum16(daddr, alen, pseudo);
	pseudo += (udp ? IPPROTO_UDP : IPPROTO_TCP) + (uint32_t)(len - l4);

	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		perror("synflood: socket");
		return 1;
	}
	sll.sll_ifindex = if_nametoindex(ifname);
	if (!sll.sll_ifindex) {
		fprintf(stderr, "synflood: no interface %s\n", ifname);
		return 1;
	}
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		perror("synflood: bind");
		return 1;
	}
	opt = 4 << 20;
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &opt, sizeof(opt));
	for (k = 0; k < batch; k++) {
		iovs[k].iov_base = frames[k];
		iovs[k].iov_len = len;
		msgs[k].msg_hdr.msg_iov = &iovs[k];
		msgs[k].msg_hdr.msg_iovlen = 1;
	}

	t0 = now_s();
	k = 0;
	while (sent < count) {
		unsigned int n;
		int r;

		/* Fill the frames from k on (k: the first frame not sent). */
		for (n = 0; n < batch && k + n < count; n++) {
			uint8_t *f = frames[n], *h = f + l4;
			unsigned long t = k + n;

			put16(h, sport0 + t % nsport);
			put16(h + 2, dport0 + t / nsport);
			if (udp) {
				put16(h + 6, 0);
				put16(h + 6, fold(sum16(h, len - l4, pseudo)));
				if (!h[6] && !h[7])
					put16(h + 6, 0xffff);
			} else {
				put32(h + 4, 0x5eed0000u + (uint32_t)t * 7919);
				put16(h + 16, 0);
				put16(h + 16, fold(sum16(h, len - l4, pseudo)));
			}
		}
		if (rate) {
			double due = t0 + (double)k / rate;
			double d = due - now_s();

			if (d > 0) {
				struct timespec ts = {
					.tv_sec = (time_t)d,
					.tv_nsec = (long)((d - (time_t)d) * 1e9),
				};
				nanosleep(&ts, NULL);
			}
			if (n > rate / 10 + 1)
				n = rate / 10 + 1;
		}
		r = sendmmsg(fd, msgs, n, 0);
		if (r < 0) {
			if (errno == ENOBUFS || errno == EAGAIN ||
			    errno == EINTR) {
				poll(NULL, 0, 1);
				continue;
			}
			perror("synflood: sendmmsg");
			break;
		}
		sent += r;
		/* Frames not taken are re-filled with the same tuples. */
		k += r;
	}
	printf("sent %lu\n", sent);
	fprintf(stderr, "synflood: %lu frames in %.2f s\n", sent, now_s() - t0);
	return sent == count ? 0 : 1;
}
