#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Packet helper for the brfw guest tests: crafts frames with scapy, sends
them from any network namespace, captures what VMs receive and checks brfw's
per-reason drop counters.

Importing scapy takes seconds under emulation, so one process serves a whole
test script: tests/pkt/pkt.sh starts it with two FIFOs and sends it one
command per line; every command gets exactly one reply line.

  tx WHERE EXPR         send the frames EXPR evaluates to (a packet, bytes
                        or a list of them); reply "sent N"
  cap WHERE...          start capturing what WHERE receives (drains it)
  seen WHERE PRED       frames WHERE received since the last cap/seen for
                        which PRED (p is the scapy Ether) is true; a
                        reconstructed 802.1Q/802.1ad tag is included in p
  count PRED WHERE...   like seen, for several WHEREs (PRED without
                        spaces); reply "N N ..."
  drain WHERE...        forget what WHERE received so far
  list WHERE EXPR       EXPR for each frame WHERE received since the last
                        cap/seen/list (frames where it fails or is None are
                        left out), sorted, space-separated
  snap PORT...          remember PORT's drop counters
  drops PORT SPEC...    deltas since the last snap: each SPEC is
                        reason[+reason...]=N and every reason not named must
                        not have moved; reply "ok" or "bad: ..." (the
                        snapshot moves on either way)
  total REASON PORT...  sum of REASON's deltas over the PORTs since their
                        last snap, then "ok" or the other reasons that moved
  log PORT REGEX        a kernel log line since start-up with "brfw", the
                        word PORT and REGEX (case-insensitive): "found: .."
  json PORT EXPR        eval EXPR with p = the port's JSON object
  eval EXPR             eval EXPR (for debugging)
  quit

WHERE is a namespace name (vm1) or "host", optionally with ":dev"
(eth0 in a VM, br0 on the host by default).

One-shot use, without the FIFOs:  pktd.py send WHERE EXPR...
"""
import ctypes
import json
import os
import socket
import struct
import subprocess
import sys
import time

# The kernel log from start-up on (before the slow imports below).
KMSG = None
if len(sys.argv) > 1 and sys.argv[1] == "serve":
    try:
        KMSG = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
        os.lseek(KMSG, 0, os.SEEK_END)
    except OSError:
        KMSG = None

# scapy imports cryptography for TLS/IPsec only; that alone costs seconds
# under emulation. Make it look absent.
sys.modules["cryptography"] = None
import logging  # noqa: E402

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.config import conf  # noqa: E402

conf.verb = 0
from scapy.packet import Packet, Raw, Padding  # noqa: E402,F401
from scapy.layers.l2 import Ether, Dot1Q, Dot1AD, ARP, LLC, SNAP  # noqa: E402,F401
from scapy.layers.inet import (  # noqa: E402,F401
    IP, UDP, TCP, ICMP, fragment, IPOption_NOP, IPOption_EOL)
from scapy.layers.inet6 import (  # noqa: E402,F401
    IPv6, IPv6ExtHdrFragment, IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt,
    RouterAlert, PadN, ICMPv6EchoRequest, ICMPv6EchoReply,
    ICMPv6ND_NS, ICMPv6ND_NA, ICMPv6ND_RS, ICMPv6ND_RA, ICMPv6ND_Redirect,
    ICMPv6NDOptSrcLLAddr, ICMPv6NDOptDstLLAddr, ICMPv6NDOptPrefixInfo,
    ICMPv6MLReport, ICMPv6MLReport2, ICMPv6MLDMultAddrRec, fragment6,
    in6_getnsma, in6_getnsmac)
from scapy.layers.dhcp import BOOTP, DHCP  # noqa: E402,F401
from scapy.utils6 import in6_ptop  # noqa: E402,F401

BRFWCTL = os.environ.get("BRFWCTL") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "tool", "brfwctl")
REASONS = ["spoof_mac", "spoof_ip", "spoof_arp", "spoof_nd", "ra_guard",
           "dhcp_guard", "vlan", "isolation", "promisc", "ethertype",
           "malformed"]

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 0x10
TP_STATUS_VLAN_TPID_VALID = 0x40
PACKET_OUTGOING = 4
CLONE_NEWNET = 0x40000000

libc = ctypes.CDLL(None, use_errno=True)
ROOT_NS = os.open("/proc/self/ns/net", os.O_RDONLY)


def where(w):
    ns, _, dev = w.partition(":")
    if ns in ("host", "0", ""):
        return None, dev or "br0"
    return ns, dev or "eth0"


def in_ns(ns, fn):
    """Run fn() in network namespace ns (None: the initial one). A socket
    keeps the namespace it was created in."""
    if ns is None:
        return fn()
    fd = os.open("/run/netns/" + ns, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns " + ns)
        return fn()
    finally:
        os.close(fd)
        libc.setns(ROOT_NS, CLONE_NEWNET)


tx_socks = {}
rx_socks = {}


def tx_sock(w):
    if w not in tx_socks:
        ns, dev = where(w)

        def mk():
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
            s.bind((dev, 0))
            return s
        tx_socks[w] = in_ns(ns, mk)
    return tx_socks[w]


def frames_of(v):
    if isinstance(v, (bytes, bytearray)):
        return [bytes(v)]
    if isinstance(v, Packet):
        # A packet with fields given as lists is several packets.
        return [bytes(x) for x in v]
    out = []
    for x in v:
        out.extend(frames_of(x))
    return out


def mac(i):
    return "02:00:00:00:00:%02x" % i


def ip(i):
    return "10.0.0.%d" % (10 + i)


HOST_MAC = "02:00:00:00:00:fe"
HOST_IP = "10.0.0.1"
BC = "ff:ff:ff:ff:ff:ff"


def nmac(i):
    """MAC of node i: 0 is the host, else VM i."""
    return HOST_MAC if i == 0 else mac(i)


def nip(i):
    return HOST_IP if i == 0 else ip(i)


klines = []


def cmd_log(port, regex):
    """A brfw log line since start-up naming PORT and matching regex."""
    import re
    if KMSG is None:
        return "error: no /dev/kmsg"
    while True:
        try:
            rec = os.read(KMSG, 8192)
        except BlockingIOError:
            break
        except BrokenPipeError:  # overwritten records: go on
            continue
        text = rec.decode(errors="replace").split(";", 1)[-1].split("\n")[0]
        klines.append(text)
    rx = re.compile(regex, re.I)
    pw = re.compile(r"\b%s\b" % re.escape(port))
    for line in klines:
        if "brfw" in line and pw.search(line) and rx.search(line):
            return "found: " + line
    return "missing; last brfw lines: " + " | ".join(
        [x for x in klines if "brfw" in x][-3:])


ENV = {k: v for k, v in globals().items() if not k.startswith("_")}


def ev(expr, extra=None):
    env = dict(ENV)
    if extra:
        env.update(extra)
    return eval(expr, env)


def cmd_tx(w, expr):
    frames = frames_of(ev(expr))
    s = tx_sock(w)
    for f in frames:
        s.send(f)
    return "sent %d" % len(frames)


def rx_open(w):
    ns, dev = where(w)

    def mk():
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                          socket.htons(ETH_P_ALL))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
        s.bind((dev, ETH_P_ALL))
        s.setblocking(False)
        return s
    if w in rx_socks:
        rx_socks[w].close()
    rx_socks[w] = in_ns(ns, mk)


def rx_drain(w):
    """Frames received (not sent) on w since the last drain, tags put
    back where the driver took them out."""
    s = rx_socks[w]
    out = []
    while True:
        try:
            data, anc, _, addr = s.recvmsg(65536, socket.CMSG_SPACE(64))
        except BlockingIOError:
            break
        if addr[2] == PACKET_OUTGOING:
            continue
        for lvl, typ, cd in anc:
            if lvl == SOL_PACKET and typ == PACKET_AUXDATA and len(cd) >= 20:
                st, _, _, _, _, tci, tpid = struct.unpack("=IIIHHHH", cd[:20])
                if st & TP_STATUS_VLAN_VALID:
                    if not st & TP_STATUS_VLAN_TPID_VALID:
                        tpid = 0x8100
                    data = data[:12] + struct.pack("!HH", tpid, tci) + data[12:]
        out.append(data)
    return out


def cmd_seen(w, pred):
    time.sleep(0.1)  # let the softirq finish with what was just sent
    n = 0
    for data in rx_drain(w):
        p = Ether(data)
        try:
            if ev(pred, {"p": p, "raw": data}):
                n += 1
        except Exception:
            pass
    return str(n)


def cmd_list(w, expr):
    time.sleep(0.1)
    vals = []
    for data in rx_drain(w):
        p = Ether(data)
        try:
            v = ev(expr, {"p": p, "raw": data})
        except Exception:
            continue
        if v is not None:
            vals.append(v)
    return " ".join(str(v) for v in sorted(vals))


def port_json(port):
    out = subprocess.run([BRFWCTL, "-j", "port", "show", port],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError("brfwctl: " + out.stderr.strip())
    d = json.loads(out.stdout)
    return d[0] if isinstance(d, list) else d


snaps = {}


def drops_of(port):
    d = port_json(port).get("drops", {})
    return {r: int(d.get(r, 0)) for r in REASONS}


def cmd_drops(port, specs):
    now = drops_of(port)
    old = snaps.get(port, {r: 0 for r in REASONS})
    snaps[port] = now
    delta = {r: now[r] - old[r] for r in REASONS}
    named = set()
    bad = []
    for spec in specs:
        keys, _, want = spec.partition("=")
        keys = keys.split("+")
        for k in keys:
            if k not in REASONS:
                return "bad: unknown reason " + k
        named.update(keys)
        got = sum(delta[k] for k in keys)
        if want.startswith(">="):
            if got < int(want[2:]):
                bad.append("%s +%d (want %s)" % (spec.partition("=")[0], got, want))
        elif got != int(want):
            bad.append("%s +%d (want %s)" % (spec.partition("=")[0], got, want))
    for r in REASONS:
        if r not in named and delta[r]:
            bad.append("%s +%d (want 0)" % (r, delta[r]))
    if bad:
        moved = " ".join("%s+%d" % (r, delta[r]) for r in REASONS if delta[r])
        return "bad: " + "; ".join(bad) + " [moved: " + (moved or "none") + "]"
    return "ok"


def cmd_total(reason, ports):
    tot = 0
    other = []
    for port in ports:
        now = drops_of(port)
        old = snaps.get(port, {r: 0 for r in REASONS})
        snaps[port] = now
        tot += now[reason] - old[reason]
        other += ["%s:%s+%d" % (port, r, now[r] - old[r])
                  for r in REASONS if r != reason and now[r] != old[r]]
    return "%d %s" % (tot, " ".join(other) or "ok")


def handle(line):
    op, _, rest = line.strip().partition(" ")
    if op == "tx":
        w, _, expr = rest.partition(" ")
        return cmd_tx(w, expr)
    if op == "cap":
        for w in rest.split():
            rx_open(w)
        return "ok"
    if op == "seen":
        w, _, pred = rest.partition(" ")
        return cmd_seen(w, pred or "True")
    if op == "drain":
        time.sleep(0.1)
        for w in rest.split():
            rx_drain(w)
        return "ok"
    if op == "count":
        # count PRED WHERE...: seen for several captures at once.
        a = rest.split(" ")
        pred, ws = a[0], a[1:]
        time.sleep(0.1)
        out = []
        for w in ws:
            n = 0
            for data in rx_drain(w):
                try:
                    if ev(pred, {"p": Ether(data), "raw": data}):
                        n += 1
                except Exception:
                    pass
            out.append(str(n))
        return " ".join(out)
    if op == "list":
        w, _, expr = rest.partition(" ")
        return cmd_list(w, expr)
    if op == "total":
        a = rest.split()
        return cmd_total(a[0], a[1:])
    if op == "snap":
        for port in rest.split():
            snaps[port] = drops_of(port)
        return "ok"
    if op == "drops":
        a = rest.split()
        return cmd_drops(a[0], a[1:])
    if op == "json":
        port, _, expr = rest.partition(" ")
        return str(ev(expr, {"p": port_json(port)}))
    if op == "eval":
        return str(ev(rest))
    if op == "log":
        port, _, regex = rest.partition(" ")
        return cmd_log(port, regex)
    if op == "quit":
        sys.exit(0)
    return "error: unknown command " + op


def serve(cmd_fifo, ack_fifo):
    rd = open(cmd_fifo, "r")
    wr = open(ack_fifo, "w")
    wr.write("ready\n")
    wr.flush()
    for line in rd:
        if not line.strip():
            continue
        try:
            reply = handle(line)
        except SystemExit:
            break
        except Exception as e:  # report, keep serving
            reply = "error: %s: %s" % (type(e).__name__, e)
        wr.write(reply.replace("\n", " ") + "\n")
        wr.flush()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "serve":
        serve(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "send":
        for e in sys.argv[3:]:
            print(cmd_tx(sys.argv[2], e))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)
