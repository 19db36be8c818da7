// SPDX-License-Identifier: GPL-2.0
/*
 * nettest: minimal TCP/UDP endpoints for the guest tests.
 *
 *   nettest tcp-server PORT [TIMEOUT_MS]   accept one connection, send
 *                                          "pong\n", exit 0
 *   nettest tcp-client ADDR PORT [TIMEOUT_MS]
 *   nettest udp-server PORT [TIMEOUT_MS]   echo one datagram, exit 0
 *   nettest udp-client ADDR PORT [TIMEOUT_MS]
 *
 * Clients exit 0 on an answer, 1 when refused (TCP RST, or ICMP port
 * unreachable for UDP), 2 on timeout, 3 on any other error. Servers exit 2
 * if nothing came before the timeout (default 10 s). ADDR may be IPv4 or
 * IPv6.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>

enum { ANSWERED = 0, REFUSED = 1, TIMEDOUT = 2, FAILED = 3 };

static int wait_fd(int fd, short ev, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = ev };
	int n = poll(&p, 1, timeout_ms);

	return n < 0 ? -1 : n;
}

static int server(int type, const char *port, int timeout_ms)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6 };
	int fd, c, one = 1, zero = 0;
	char buf[2048];
	struct sockaddr_storage peer;
	socklen_t plen = sizeof(peer);
	ssize_t n;

	a.sin6_port = htons(atoi(port));
	a.sin6_addr = in6addr_any;
	fd = socket(AF_INET6, type, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero)) ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		perror("nettest: server socket");
		return FAILED;
	}
	if (type == SOCK_STREAM && listen(fd, 4)) {
		perror("nettest: listen");
		return FAILED;
	}
	if (wait_fd(fd, POLLIN, timeout_ms) <= 0)
		return TIMEDOUT;
	if (type == SOCK_STREAM) {
		c = accept(fd, NULL, NULL);
		if (c < 0 || write(c, "pong\n", 5) != 5)
			return FAILED;
		close(c);
	} else {
		n = recvfrom(fd, buf, sizeof(buf), 0,
			     (struct sockaddr *)&peer, &plen);
		if (n < 0 || sendto(fd, buf, n, 0,
				    (struct sockaddr *)&peer, plen) != n)
			return FAILED;
	}
	close(fd);
	return ANSWERED;
}

static int client(int type, const char *addr, const char *port,
		  int timeout_ms)
{
	struct addrinfo hints = { .ai_socktype = type,
				  .ai_flags = AI_NUMERICHOST |
					      AI_NUMERICSERV };
	struct addrinfo *ai;
	char buf[64];
	int fd, err;
	socklen_t len = sizeof(err);

	if (getaddrinfo(addr, port, &hints, &ai)) {
		fprintf(stderr, "nettest: bad address %s port %s\n", addr, port);
		return FAILED;
	}
	fd = socket(ai->ai_family, type | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return FAILED;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) && errno != EINPROGRESS)
		return errno == ECONNREFUSED ? REFUSED : FAILED;
	freeaddrinfo(ai);

	if (type == SOCK_STREAM) {
		if (wait_fd(fd, POLLOUT, timeout_ms) <= 0)
			return TIMEDOUT;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) || err)
			return err == ECONNREFUSED ? REFUSED :
			       err == ETIMEDOUT ? TIMEDOUT : FAILED;
	} else if (send(fd, "ping\n", 5, 0) != 5) {
		return errno == ECONNREFUSED ? REFUSED : FAILED;
	}
	if (wait_fd(fd, POLLIN, timeout_ms) <= 0)
		return TIMEDOUT;
	if (recv(fd, buf, sizeof(buf), 0) < 0)
		return errno == ECONNREFUSED ? REFUSED :
		       errno == ECONNRESET ? REFUSED : FAILED;
	return ANSWERED;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int type = strncmp(mode, "udp", 3) ? SOCK_STREAM : SOCK_DGRAM;

	if (!strcmp(mode, "tcp-server") || !strcmp(mode, "udp-server")) {
		if (argc < 3)
			goto usage;
		return server(type, argv[2], argc > 3 ? atoi(argv[3]) : 10000);
	}
	if (!strcmp(mode, "tcp-client") || !strcmp(mode, "udp-client")) {
		if (argc < 4)
			goto usage;
		return client(type, argv[2], argv[3],
			      argc > 4 ? atoi(argv[4]) : 3000);
	}
usage:
	fprintf(stderr, "usage: nettest {tcp,udp}-server PORT [TIMEOUT_MS]\n"
			"       nettest {tcp,udp}-client ADDR PORT [TIMEOUT_MS]\n");
	return FAILED;
}
