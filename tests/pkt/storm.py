#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Broadcast storm of spoofed frames, built with struct (no scapy: it must
start fast and send fast). Run it inside the VM's namespace:

  storm.py DEV MAC IP SECONDS

Sends, round robin, until SECONDS have passed:
  mac: broadcast UDP with a random source MAC (and the VM's IP);
  ip:  broadcast UDP from the VM's MAC with a random source IP;
  arp: ARP requests from the VM's MAC claiming a random IP.
Every frame is a new forged identity. Prints "spoof_mac=N spoof_ip=N
spoof_arp=N": what brfw must have counted.
"""
import os
import socket
import struct
import sys
import time


def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff


def macb(s):
    return bytes(int(x, 16) for x in s.split(":"))


def rnd_mac():
    b = bytearray(os.urandom(6))
    b[0] = (b[0] & 0xfc) | 0x02  # unicast, locally administered
    return bytes(b)


def rnd_ip():
    return bytes([10, 200]) + os.urandom(2)


def udp_bcast(src_mac, src_ip):
    payload = b"storm" * 4
    udp = struct.pack("!HHHH", 40000, 9999, 8 + len(payload), 0) + payload
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17,
                      0, src_ip, b"\xff\xff\xff\xff")
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return b"\xff" * 6 + src_mac + b"\x08\x00" + hdr + udp


def arp_req(src_mac, src_ip, target):
    arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, src_mac, src_ip,
                      b"\0" * 6, target)
    return b"\xff" * 6 + src_mac + b"\x08\x06" + arp


def main():
    dev, mac, ip, secs = sys.argv[1], macb(sys.argv[2]), \
        socket.inet_aton(sys.argv[3]), float(sys.argv[4])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    s.bind((dev, 0))
    n = {"spoof_mac": 0, "spoof_ip": 0, "spoof_arp": 0}
    target = socket.inet_aton("10.0.0.12")
    end = time.monotonic() + secs
    while time.monotonic() < end:
        for _ in range(50):
            s.send(udp_bcast(rnd_mac(), ip))
            s.send(udp_bcast(mac, rnd_ip()))
            s.send(arp_req(mac, rnd_ip(), target))
        n["spoof_mac"] += 50
        n["spoof_ip"] += 50
        n["spoof_arp"] += 50
    print(" ".join("%s=%d" % kv for kv in n.items()))


if __name__ == "__main__":
    main()
