/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_GUARD_H
#define _BRFW_GUARD_H

#include <linux/skbuff.h>
#include <linux/brfw.h>

#include "ident.h"
#include "frame.h"

/*
 * Frames from the guest, spoof-check on: is the guest being itself?
 * Returns BRFW_REASON_UNSPEC (0) to let the frame go on, else the reason
 * to drop it.
 */
enum brfw_reason brfw_spoof_check(const struct brfw_ident *id,
				  const struct sk_buff *skb);

/*
 * Frames to the guest: VLANs it may receive, promiscuous mode, private
 * VLAN roles. src is the identity of the port the frame came from, NULL
 * for the host or a port without a policy (both promiscuous).
 */
enum brfw_reason brfw_deliver_check(const struct brfw_ident *id,
				    const struct brfw_ident *src,
				    const struct sk_buff *skb);

/* Every tag's VLAN is one the port may use. */
bool brfw_vlans_ok(const struct brfw_ident *id, const struct brfw_l2 *l2);

#endif
