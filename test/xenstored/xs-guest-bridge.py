#!/usr/bin/python3
"""xs-guest-bridge: many local clients speaking to the real xenstored as ONE unprivileged domU.

Needs xenstored running under xsshim.so with XSSHIM_RINGDIR=<ringdir>. The bridge
 1. provisions /local/domain/<domid> the way libxl does (libxl_create.c / libxl_dom.c:
    the domain dir and cpu, memory, device, control are n0,r<domid>; control/shutdown,
    control/feature-*, control/sysrq, data, drivers, feature, attr, error are n<domid>;
    name and domid values), unless --no-provision;
 2. INTRODUCEs the domain over the dom0 socket, so xenstored maps <ringdir>/ring-<domid>
    as that domain's ring page;
 3. plays the guest kernel's xenstore driver: it moves whole messages between the clients on
    the --listen unix socket and the shared ring. xenstored therefore sees every client as
    domain <domid> (unprivileged, relative paths under /local/domain/<domid>, quotas, ACLs).

Several clients at once, multiplexed over the one ring the way the Linux xenbus driver does
(drivers/xen/xenbus/xenbus_dev_frontend.c, xenbus_xs.c; shared spec xenstore.md 1.8):
 * req_id: each request gets a bridge-wide ring req_id; the reply is routed to the client
   that sent it, with the client's own req_id restored;
 * watches: the token on the ring is "<client number>:<client token>"; events are routed by
   that prefix and delivered with the client's token and req_id = tx_id = 0. Duplicate
   path+token from one client is refused by xenstored with EEXIST (the ring's behaviour;
   the Linux device would accept it);
 * transactions: a request with a tx_id the client did not open gets ERROR ENOENT, as in
   the kernel;
 * on disconnect: UNWATCH for each of the client's watches and TRANSACTION_END "F" for each
   of its open transactions. RESET_WATCHES is never sent: it acts on the whole domain
   connection, i.e. on every client; a client's own RESET_WATCHES is refused with EACCES.

Like the Linux device (measured on real Xen, test/xen-vm): a request announcing more than
4080 payload bytes (the driver's 4096-byte buffer holds the 16-byte header too) is refused
with E2BIG and never reaches the ring; the device returns that as the write() errno, a socket
can only answer it as an ERROR reply. The connection stays usable, as on the device.

Not reproduced (test the device transport's quirks against a double instead):
one-message-per-write() loss (a stream socket keeps no write() boundaries), kernel-synthesized
watch OK replies and write() errno for watch errors, garbage req_id on events, suspend/resume.
"""
import argparse, ctypes, mmap, os, select, signal, socket, struct, sys

RING = 1024
HDR = struct.Struct("<IIII")
DEVICE_PAYLOAD_MAX = 4096 - 16    # LNX xenbus_file_write: the buffer holds header and payload
# struct xenstore_domain_interface: req[1024] rsp[1024] req_cons req_prod rsp_cons rsp_prod
REQ_CONS, REQ_PROD, RSP_CONS, RSP_PROD = 2048, 2052, 2056, 2060
XS_GET_PERMS, XS_WATCH, XS_UNWATCH = 3, 4, 5
XS_TRANSACTION_START, XS_TRANSACTION_END, XS_INTRODUCE, XS_RELEASE = 6, 7, 8, 9
XS_WRITE, XS_MKDIR, XS_RM, XS_SET_PERMS = 11, 12, 13, 14
XS_WATCH_EVENT, XS_ERROR, XS_RESET_WATCHES = 15, 16, 21


def set_parent_death_signal():
    """Exit with the process that started us (PR_SET_PDEATHSIG), so tests never leak bridges."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    except OSError:
        pass
    if os.getppid() == 1:
        sys.exit(0)


def dom0_call(sock, op, payload):
    sock.sendall(HDR.pack(op, 1, 0, len(payload)) + payload)
    hdr = b""
    while len(hdr) < 16:
        part = sock.recv(16 - len(hdr))
        if not part:
            raise OSError("xenstored closed the dom0 connection")
        hdr += part
    typ, _, _, ln = HDR.unpack(hdr)
    body = b""
    while len(body) < ln:
        body += sock.recv(ln - len(body))
    if typ == XS_ERROR:
        raise OSError("xenstored: op %d %r -> %s" % (op, payload[:60], body.rstrip(b"\0").decode()))
    return body


def provision(sock, domid):
    d = "/local/domain/%d" % domid
    ro = [b"n0", b"r%d" % domid]          # libxl roperm
    rw = [b"n%d" % domid]                # libxl rwperm
    try:
        dom0_call(sock, XS_RM, d.encode() + b"\0")
    except OSError:
        pass                              # ENOENT: /local/domain missing
    for sub, perms in [("", ro), ("/cpu", ro), ("/memory", ro), ("/device", ro),
                       ("/control", ro), ("/control/shutdown", rw),
                       ("/control/feature-poweroff", rw), ("/control/feature-reboot", rw),
                       ("/control/feature-suspend", rw), ("/control/sysrq", rw),
                       ("/data", rw), ("/drivers", rw), ("/feature", rw),
                       ("/attr", rw), ("/error", rw)]:
        p = (d + sub).encode()
        dom0_call(sock, XS_MKDIR, p + b"\0")
        dom0_call(sock, XS_SET_PERMS, p + b"\0" + b"".join(x + b"\0" for x in perms))
    dom0_call(sock, XS_WRITE, (d + "/name").encode() + b"\0" + b"guest%d" % domid)
    dom0_call(sock, XS_WRITE, (d + "/domid").encode() + b"\0" + str(domid).encode())


class Ring:
    """The shared ring page: requests go into req[], replies and events come from rsp[]."""

    def __init__(self, path, evtchn_path, port):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.ftruncate(fd, 4096)
        self.m = mmap.mmap(fd, 4096)
        os.close(fd)
        # The indexes are shared with xenstored, which reads and writes each one as a single
        # aligned 32-bit word. struct.pack_into/unpack_from copy byte by byte, so xenstored
        # could see a half-written req_prod/rsp_cons (e.g. the new low byte with the old high
        # byte), take the ring for corrupt and ignore the domain for good. A memoryview cast
        # to 'I' moves all four bytes in one load or store (on x86; index offsets are aligned).
        assert struct.calcsize("I") == 4
        self.words = memoryview(self.m).cast("I")
        self.evtchn = os.open(evtchn_path, os.O_WRONLY | os.O_NONBLOCK)
        self.port = port

    def idx(self, off):
        return self.words[off // 4]

    def set_idx(self, off, value):
        self.words[off // 4] = value & 0xFFFFFFFF

    def notify(self):
        try:
            os.write(self.evtchn, struct.pack("<I", self.port))
        except BlockingIOError:
            pass                          # xenstored already has wakeups queued

    def put(self, data):
        """Copies as much of data into the request ring as fits; returns the count."""
        cons, prod = self.idx(REQ_CONS), self.idx(REQ_PROD)
        n = min(len(data), RING - ((prod - cons) & 0xFFFFFFFF))
        start = prod % RING
        first = min(n, RING - start)
        self.m[start:start + first] = data[:first]
        self.m[0:n - first] = data[first:n]
        if n:
            self.set_idx(REQ_PROD, prod + n)
            self.notify()
        return n

    def get(self):
        cons, prod = self.idx(RSP_CONS), self.idx(RSP_PROD)
        n = (prod - cons) & 0xFFFFFFFF
        if not n:
            return b""
        start = cons % RING
        first = min(n, RING - start)
        out = self.m[RING + start:RING + start + first] + self.m[RING:RING + n - first]
        self.set_idx(RSP_CONS, cons + n)
        self.notify()
        return out


def split_msgs(buf):
    msgs = []
    while len(buf) >= 16:
        ln = HDR.unpack_from(buf)[3]
        if len(buf) < 16 + ln:
            break
        msgs.append(buf[:16 + ln])
        buf = buf[16 + ln:]
    return msgs, buf


def strings(payload):
    parts = payload.split(b"\0")
    return parts[:-1] if parts and parts[-1] == b"" else parts


class Client:
    def __init__(self, num, sock):
        self.num, self.sock, self.inbuf = num, sock, b""
        self.watches = set()              # (path, client token) registered with xenstored
        self.txs = set()                  # open transaction ids
        self.prefix = b"%d:" % num

    def send(self, msg):
        try:
            self.sock.sendall(msg)
        except OSError:
            pass                          # gone; cleaned up when its EOF is read


class Bridge:
    def __init__(self, ring):
        self.ring, self.out = ring, b""
        self.clients, self.next_client = {}, 1
        self.next_rid = 1
        self.pending = {}                 # ring req_id -> (client or None, client req_id, op, payload)

    def ring_send(self, client, rid, op, tx, payload):
        ring_rid = self.next_rid
        self.next_rid = (self.next_rid + 1) & 0xFFFFFFFF or 1
        self.pending[ring_rid] = (client, rid, op, payload)
        self.out += HDR.pack(op, ring_rid, tx, len(payload)) + payload

    def from_client(self, c, msg):
        op, rid, tx, ln = HDR.unpack_from(msg)
        payload = msg[16:]
        if ln > DEVICE_PAYLOAD_MAX:       # the device refuses it as soon as the header is written
            return c.send(HDR.pack(XS_ERROR, rid, tx, 6) + b"E2BIG\0")
        if op == XS_RESET_WATCHES:        # would act on every client of the domain
            return c.send(HDR.pack(XS_ERROR, rid, tx, 7) + b"EACCES\0")
        if tx and tx not in c.txs and op != XS_TRANSACTION_START:
            return c.send(HDR.pack(XS_ERROR, rid, tx, 7) + b"ENOENT\0")
        if op in (XS_WATCH, XS_UNWATCH):
            parts = strings(payload)
            if len(parts) >= 2:
                payload = parts[0] + b"\0" + c.prefix + parts[1] + b"\0" + b"".join(p + b"\0" for p in parts[2:])
        self.ring_send(c, rid, op, tx, payload)

    def from_ring(self, msg):
        op, ring_rid, tx, ln = HDR.unpack_from(msg)
        payload = msg[16:]
        if op == XS_WATCH_EVENT:
            parts = strings(payload)
            if len(parts) < 2 or b":" not in parts[1]:
                return
            num, token = parts[1].split(b":", 1)
            c = self.clients.get(int(num)) if num.isdigit() else None
            if c:
                body = parts[0] + b"\0" + token + b"\0"
                c.send(HDR.pack(op, 0, 0, len(body)) + body)
            return
        entry = self.pending.pop(ring_rid, None)
        if entry is None:
            return
        c, rid, req_op, req_payload = entry
        if c is None or c.num not in self.clients:
            return                        # a cleanup request, or its client has gone
        self.track(c, req_op, req_payload, tx, op, payload)
        c.send(HDR.pack(op, rid, tx, len(payload)) + payload)

    def track(self, c, req_op, req_payload, tx, op, payload):
        ok = op != XS_ERROR
        if req_op == XS_TRANSACTION_START and ok:
            c.txs.add(int(payload.rstrip(b"\0") or b"0"))
        elif req_op == XS_TRANSACTION_END:
            c.txs.discard(tx)
        elif req_op in (XS_WATCH, XS_UNWATCH) and ok:
            parts = strings(req_payload)
            key = (parts[0], parts[1][len(c.prefix):])
            (c.watches.add if req_op == XS_WATCH else c.watches.discard)(key)

    def accept(self, sock):
        c = Client(self.next_client, sock)
        self.next_client += 1
        self.clients[c.num] = c

    def drop(self, c):
        """A client left: remove its watches and abort its transactions, like the kernel."""
        del self.clients[c.num]
        c.sock.close()
        for path, token in c.watches:
            self.ring_send(None, 0, XS_UNWATCH, 0, path + b"\0" + c.prefix + token + b"\0")
        for tx in c.txs:
            self.ring_send(None, 0, XS_TRANSACTION_END, tx, b"F\0")

    def by_sock(self, sock):
        for c in self.clients.values():
            if c.sock is sock:
                return c
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--domid", type=int, required=True)
    ap.add_argument("--listen", required=True, help="unix socket path for the guest-side clients")
    ap.add_argument("--ringdir", default=os.environ.get("XSSHIM_RINGDIR"))
    ap.add_argument("--xenstored", default=os.environ.get("XENSTORED_PATH", "/var/run/xenstored/socket"))
    ap.add_argument("--no-provision", action="store_true")
    a = ap.parse_args()
    set_parent_death_signal()

    def stop(*_):
        try:                              # RELEASE, so the same domid can be introduced again
            d0 = socket.socket(socket.AF_UNIX)
            d0.settimeout(2)
            d0.connect(a.xenstored)
            dom0_call(d0, XS_RELEASE, b"%d\0" % a.domid)
        except OSError:
            pass                          # xenstored already gone
        sys.exit(0)
    signal.signal(signal.SIGTERM, stop)

    kick_path = "%s/ring-%d.kick" % (a.ringdir, a.domid)
    if not os.path.exists(kick_path):
        os.mkfifo(kick_path, 0o600)
    kick = os.open(kick_path, os.O_RDWR | os.O_NONBLOCK)
    ring_path = "%s/ring-%d" % (a.ringdir, a.domid)
    with open(ring_path, "wb") as f:
        f.write(b"\0" * 4096)
    ring = Ring(ring_path, a.ringdir + "/evtchn", port=a.domid)

    dom0 = socket.socket(socket.AF_UNIX)
    dom0.connect(a.xenstored)
    if not a.no_provision:
        provision(dom0, a.domid)
    dom0_call(dom0, XS_INTRODUCE, b"%d\0%d\0%d\0" % (a.domid, 0, 1))
    dom0.close()

    if os.path.exists(a.listen):
        os.unlink(a.listen)
    lsock = socket.socket(socket.AF_UNIX)
    lsock.bind(a.listen)
    lsock.listen(64)
    print("xs-guest-bridge: domid %d ready on %s" % (a.domid, a.listen), flush=True)

    b, rsp_buf = Bridge(ring), b""
    while True:
        socks = [c.sock for c in b.clients.values()]
        # The timeout is only a safety net; xenstored kicks the FIFO after writing replies.
        r, _, _ = select.select([kick, lsock] + socks, [], [], 0.05)
        if not r and (b.out or ring.idx(REQ_PROD) != ring.idx(REQ_CONS)):
            # Requests still wait in the ring after a quiet interval: a wake-up was lost (the
            # FIFO was full when we notified, or xenstored skipped the ring). A real event
            # channel stays pending until serviced; ringing again restores that behaviour.
            ring.notify()
        if lsock in r:
            b.accept(lsock.accept()[0])
        if kick in r:
            try:
                os.read(kick, 4096)
            except BlockingIOError:
                pass
        for s in r:
            c = b.by_sock(s) if s not in (kick, lsock) else None
            if c is None:
                continue
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            if not data:
                b.drop(c)
                continue
            msgs, c.inbuf = split_msgs(c.inbuf + data)
            for m in msgs:                # forward only whole messages
                b.from_client(c, m)
        while True:                       # move as much as the ring takes, both ways
            if b.out:
                b.out = b.out[ring.put(b.out):]
            got = ring.get()
            if not got:
                break
            msgs, rsp_buf = split_msgs(rsp_buf + got)
            for m in msgs:
                b.from_ring(m)


if __name__ == "__main__":
    main()
