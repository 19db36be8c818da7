/* SPDX-License-Identifier: GPL-2.0 */
/* The fake kernel's parts: fake_kernel.c (socket, scenarios), fake_model.c. */
#ifndef BRFW_FAKE_H
#define BRFW_FAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>

#define FAMILY_ID 0x20
#define PORTID 4242
#define DGRAM_SIZE 32768

struct dgram {
	char buf[DGRAM_SIZE];
	size_t len;
};

/* fake_kernel.c */
const char *scenario(void);
bool is(const char *name);
unsigned int proto(void);
int new_dgram(void);
size_t dgram_room(int d);
struct nlmsghdr *dgram_msg(int d, const struct nlmsghdr *req, uint16_t type,
			   uint16_t flags);
void end_msg(int d, struct nlmsghdr *nlh);
void queue_reset(void);
/* NLMSG_ERROR: error 0 is an ACK; msg, offs, miss optional (NULL, -1). */
void ack(const struct nlmsghdr *req, int error, const char *msg, int offs,
	 int miss);
void done(const struct nlmsghdr *req, uint16_t flags, int error,
	  const char *msg);

/* fake_model.c: ports, rules, sets and transactions in memory. */
extern bool fake_replaying;
/* Replay BRFW_FAKE_STATE, once. */
void model_load(void);
/* Answer a request of the model's (queues the replies). */
void model_request(const struct nlmsghdr *req, int cmd);
/* The fake devices: name <-> ifindex; 0 / NULL if unknown. */
unsigned int fake_dev_index(const char *name);
const char *fake_dev_name(uint32_t ifindex);

#endif
