/*
 * xsshim.c - LD_PRELOAD shim that lets the unmodified Debian C xenstored
 * (xen-utils-4.17, /usr/lib/xen-4.17/bin/xenstored) run WITHOUT a Xen
 * hypervisor, so that it serves its unix socket to dom0 tools.
 *
 * It replaces only the hypervisor plumbing that xenstored imports
 * dynamically (libxenctrl / libxenevtchn / libxengnttab) plus the two
 * /proc/xen files xenstored reads at dom0 introduction.  All store logic
 * (nodes, permissions, watches, transactions, quotas, wire protocol) is the
 * real xenstored code.
 *
 * What is faked:
 *  - xc_interface_open/close: a dummy handle.
 *  - xc_domain_getinfo: every domid < DOMID_FIRST_RESERVED "exists and is
 *    running" (so SET_PERMS entries for domU ids are kept, not ignored).
 *    XSSHIM_DEAD_DOMIDS="5,7" makes listed domids report as non-existent.
 *  - xenevtchn_*: an event-channel handle whose fd is the read end of a
 *    pipe that never becomes readable (no VIRQ ever fires); ports are
 *    handed out from a counter; notify/unmask/unbind succeed.
 *  - xengnttab_*: map_grant_ref returns a fresh zeroed anonymous page, so
 *    XS_INTRODUCE of a domU creates a (silent) ring connection.
 *  - open("/proc/xen/xsd_port") -> memfd containing "1";
 *    open("/proc/xen/xsd_kva")  -> 4 KiB zeroed memfd (dom0's ring page,
 *    never used by anyone).
 *
 * Optional fake-guest support (XSSHIM_RINGDIR=<dir>, used by xs-guest-bridge):
 *  - the event-channel fd is the FIFO <dir>/evtchn; a bridge writes a 4-byte
 *    port number to it to wake xenstored (= guest "notify");
 *  - a domU's ring page (XS_INTRODUCE -> grant map) is the shared file
 *    <dir>/ring-<domid> instead of an anonymous page;
 *  - xenevtchn_notify() on a domU's port writes a byte to <dir>/ring-<domid>.kick
 *    (a FIFO the bridge reads) if anyone listens (= xenstored notifying the guest).
 *
 * Test-harness addition (XSSHIM_PDEATHSIG=1): the daemon asks the kernel for
 * SIGTERM when the process that started it dies, so a test runner killed
 * hard never leaves a xenstored behind.
 *
 * Never run xenstored with -D: in 4.17 that skips dom0 introduction, so the
 * database is never opened and the first request dereferences NULL (see
 * test/xenstored/README.md).
 *
 * Build: gcc -O2 -Wall -shared -fPIC -o xsshim.so xsshim.c -ldl
 *        (needs libxen-dev for the prototypes / xc_dominfo_t); the harness
 *        (test/xenstored/testbed.ts) does this into .work/xenstored/.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenevtchn.h>
#include <xengnttab.h>

/* ---- parent-death signal (harness addition) ----------------------------- */

__attribute__((constructor)) static void xsshim_pdeathsig(void)
{
    const char *v = getenv("XSSHIM_PDEATHSIG");

    if (!v || strcmp(v, "1"))
        return;
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() == 1)             /* the parent died before prctl() took effect */
        raise(SIGTERM);
}

/* ---- /proc/xen/xsd_port and /proc/xen/xsd_kva ------------------------ */

static int memfd_with(const char *name, const void *data, size_t len,
                      size_t size)
{
    int fd = memfd_create(name, MFD_CLOEXEC);

    if (fd < 0)
        return -1;
    if (ftruncate(fd, size) < 0 ||
        (len && pwrite(fd, data, len, 0) != (ssize_t)len)) {
        close(fd);
        return -1;
    }
    return fd;
}

int open(const char *path, int flags, ...)
{
    static int (*real_open)(const char *, int, ...);
    mode_t mode = 0;

    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    if (!strcmp(path, "/proc/xen/xsd_port"))
        return memfd_with("xsd_port", "1\n", 2, 2);
    if (!strcmp(path, "/proc/xen/xsd_kva"))
        return memfd_with("xsd_kva", NULL, 0, 4096);
    if (!real_open)
        real_open = dlsym(RTLD_NEXT, "open");
    return real_open(path, flags, mode);
}

/* ---- libxenctrl -------------------------------------------------------- */

static int dummy_xc;

xc_interface *xc_interface_open(xentoollog_logger *l, xentoollog_logger *d,
                                unsigned flags)
{
    return (xc_interface *)&dummy_xc;
}

int xc_interface_close(xc_interface *xch)
{
    return 0;
}

static int domid_is_dead(unsigned int domid)
{
    const char *s = getenv("XSSHIM_DEAD_DOMIDS");
    char *end;

    while (s && *s) {
        unsigned long v = strtoul(s, &end, 10);
        if (end == s)
            break;
        if (v == domid)
            return 1;
        s = (*end == ',') ? end + 1 : end;
    }
    return 0;
}

int xc_domain_getinfo(xc_interface *xch, uint32_t first_domid,
                      unsigned int max_doms, xc_dominfo_t *info)
{
    if (max_doms < 1 || first_domid >= DOMID_FIRST_RESERVED ||
        domid_is_dead(first_domid))
        return 0;
    memset(info, 0, sizeof(*info));
    info->domid = first_domid;
    info->running = 1;
    return 1;
}

/* ---- libxenevtchn ------------------------------------------------------ */

struct xenevtchn_handle {
    int pipe[2];            /* [0] is what xenstored polls */
};

static evtchn_port_t next_port = 10;

#define MAX_PORTS 256
static struct { uint32_t domid; int kick_fd; } port_tab[MAX_PORTS];

static const char *ringdir(void)
{
    const char *d = getenv("XSSHIM_RINGDIR");
    return (d && *d) ? d : NULL;
}

xenevtchn_handle *xenevtchn_open(xentoollog_logger *logger, unsigned flags)
{
    xenevtchn_handle *h = calloc(1, sizeof(*h));
    char path[4096];

    if (!h)
        return NULL;
    if (ringdir()) {
        /* A FIFO opened O_RDWR never reports EOF and never blocks open(). */
        snprintf(path, sizeof(path), "%s/evtchn", ringdir());
        if (mkfifo(path, 0600) < 0 && errno != EEXIST)
            goto fail;
        h->pipe[0] = h->pipe[1] = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (h->pipe[0] < 0)
            goto fail;
        return h;
    }
    if (pipe(h->pipe) == 0)
        return h;
 fail:
    free(h);
    return NULL;
}

xenevtchn_handle *xenevtchn_fdopen(struct xentoollog_logger *logger,
                                   int fd, unsigned open_flags)
{
    return xenevtchn_open(logger, open_flags);
}

int xenevtchn_close(xenevtchn_handle *xce)
{
    if (xce) {
        close(xce->pipe[0]);
        if (xce->pipe[1] != xce->pipe[0])
            close(xce->pipe[1]);
        free(xce);
    }
    return 0;
}

int xenevtchn_fd(xenevtchn_handle *xce)
{
    return xce->pipe[0];
}

xenevtchn_port_or_error_t xenevtchn_bind_virq(xenevtchn_handle *xce,
                                              unsigned int virq)
{
    return next_port++;
}

xenevtchn_port_or_error_t
xenevtchn_bind_interdomain(xenevtchn_handle *xce, uint32_t domid,
                           evtchn_port_t remote_port)
{
    evtchn_port_t port = next_port++;

    if (port < MAX_PORTS) {
        port_tab[port].domid = domid;
        port_tab[port].kick_fd = -1;
    }
    return port;
}

int xenevtchn_notify(xenevtchn_handle *xce, evtchn_port_t port)
{
    char path[4096], b = 1;

    if (!ringdir() || port >= MAX_PORTS || !port_tab[port].domid)
        return 0;
    if (port_tab[port].kick_fd < 0) {
        snprintf(path, sizeof(path), "%s/ring-%u.kick", ringdir(),
                 port_tab[port].domid);
        /* Fails with ENXIO/ENOENT while no bridge listens: then no-op. */
        port_tab[port].kick_fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (port_tab[port].kick_fd < 0)
            return 0;
    }
    if (write(port_tab[port].kick_fd, &b, 1) < 0 && errno != EAGAIN) {
        close(port_tab[port].kick_fd);      /* reader went away */
        port_tab[port].kick_fd = -1;
    }
    return 0;
}

int xenevtchn_unbind(xenevtchn_handle *xce, evtchn_port_t port)
{
    if (port < MAX_PORTS && port_tab[port].domid) {
        if (port_tab[port].kick_fd >= 0)
            close(port_tab[port].kick_fd);
        port_tab[port].domid = 0;
        port_tab[port].kick_fd = -1;
    }
    return 0;
}

int xenevtchn_unmask(xenevtchn_handle *xce, evtchn_port_t port)
{
    return 0;
}

/*
 * A bridge writes the 4-byte DOMID of the guest it serves to the FIFO; the
 * daemon expects the local port it bound for that domain. The C xenstored
 * scans every domain's ring whatever the port, but oxenstored only looks at
 * the domain that owns the port, so translate (harness addition).
 */
xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *xce)
{
    evtchn_port_t port;
    unsigned int p;

    if (read(xce->pipe[0], &port, sizeof(port)) != sizeof(port))
        return -1;
    for (p = 0; p < MAX_PORTS && p < next_port; p++)
        if (port_tab[p].domid && port_tab[p].domid == port)
            return p;
    return port;
}

/* ---- libxengnttab ------------------------------------------------------ */

static int dummy_gnttab;

xengnttab_handle *xengnttab_open(xentoollog_logger *logger, unsigned flags)
{
    return (xengnttab_handle *)&dummy_gnttab;
}

int xengnttab_close(xengnttab_handle *xgt)
{
    return 0;
}

int xengnttab_set_max_grants(xengnttab_handle *xgt, uint32_t nr_grants)
{
    return 0;
}

void *xengnttab_map_grant_ref(xengnttab_handle *xgt, uint32_t domid,
                              uint32_t ref, int prot)
{
    char path[4096];
    void *p;
    int fd = -1;

    if (ringdir()) {
        /* The guest's ring page: a file the bridge maps too. */
        snprintf(path, sizeof(path), "%s/ring-%u", ringdir(), domid);
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0 || ftruncate(fd, 4096) < 0) {
            if (fd >= 0)
                close(fd);
            return NULL;
        }
    }
    p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
             MAP_SHARED | (fd < 0 ? MAP_ANONYMOUS : 0), fd, 0);
    if (fd >= 0)
        close(fd);
    return p == MAP_FAILED ? NULL : p;
}

int xengnttab_unmap(xengnttab_handle *xgt, void *start_address,
                    uint32_t count)
{
    return munmap(start_address, (size_t)count * 4096);
}
