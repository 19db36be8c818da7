#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# busybox udhcpc script for tests/net/dhcp.sh: apply the lease, print it.
case $1 in
deconfig)
	ip addr flush dev "$interface" ;;
bound | renew)
	ip addr flush dev "$interface"
	ip addr add "$ip/${mask:-24}" dev "$interface"
	echo "bound $ip" ;;
esac
exit 0
