/*
 * oextra.c - second LD_PRELOAD library for running Debian's oxenstored (the
 * OCaml xenstored of xen-utils-4.17) next to xsshim.so without Xen:
 *  (1) setrlimit() is ignored: oxenstored raises RLIMIT_NOFILE at start,
 *      which is EPERM in containers and would abort it;
 *  (2) oxenstored's run directory /var/run/xenstored is hard-coded (its
 *      socket, and the db it dumps on exit); every path below it is moved to
 *      the directory of $OXS_SOCKET, so parallel daemons never share files
 *      and nothing is written to the machine's own /var/run.
 *  (3) xc_map_foreign_range(): oxenstored maps a guest's ring page this way
 *      (the C daemon uses a grant map, which xsshim.c covers); with
 *      XSSHIM_RINGDIR set it maps the same shared file <dir>/ring-<domid>
 *      that xs-guest-bridge.py uses, otherwise a fresh anonymous page.
 * Load order: LD_PRELOAD="oextra.so xsshim.so".
 * Build: gcc -O2 -Wall -shared -fPIC -o oextra.so oextra.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/un.h>
#include <unistd.h>

#include <xenctrl.h>

#define RUNDIR "/var/run/xenstored"

int setrlimit(__rlimit_resource_t r, const struct rlimit *l)
{
    return 0;
}

/* Rewrites RUNDIR/<x> to <dir of $OXS_SOCKET>/<x>; "socket" maps to $OXS_SOCKET itself. */
static const char *relocate(const char *p, char *buf, size_t size)
{
    const char *sock = getenv("OXS_SOCKET");
    const char *slash;
    size_t n = strlen(RUNDIR);

    if (!sock || !p || strncmp(p, RUNDIR, n) || (p[n] != '/' && p[n] != 0))
        return p;
    if (!strcmp(p + n, "/socket"))
        return sock;
    slash = strrchr(sock, '/');
    if (!slash)
        return p;
    snprintf(buf, size, "%.*s%s", (int)(slash - sock), sock, p + n);
    return buf;
}

int unlink(const char *p)
{
    char b[PATH_MAX];
    int (*real)(const char *) = dlsym(RTLD_NEXT, "unlink");
    return real(relocate(p, b, sizeof(b)));
}

int chmod(const char *p, mode_t m)
{
    char b[PATH_MAX];
    int (*real)(const char *, mode_t) = dlsym(RTLD_NEXT, "chmod");
    return real(relocate(p, b, sizeof(b)), m);
}

int rename(const char *a, const char *z)
{
    char b1[PATH_MAX], b2[PATH_MAX];
    int (*real)(const char *, const char *) = dlsym(RTLD_NEXT, "rename");
    return real(relocate(a, b1, sizeof(b1)), relocate(z, b2, sizeof(b2)));
}

int open(const char *p, int flags, ...)
{
    char b[PATH_MAX];
    mode_t mode = 0;
    int (*real)(const char *, int, ...) = dlsym(RTLD_NEXT, "open");

    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    return real(relocate(p, b, sizeof(b)), flags, mode);
}

/* OCaml's runtime is built with 64-bit file offsets, so it calls open64(). */
int open64(const char *p, int flags, ...)
{
    char b[PATH_MAX];
    mode_t mode = 0;
    int (*real)(const char *, int, ...) = dlsym(RTLD_NEXT, "open64");

    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    return real(relocate(p, b, sizeof(b)), flags, mode);
}

int bind(int fd, const struct sockaddr *sa, socklen_t len)
{
    int (*real)(int, const struct sockaddr *, socklen_t) = dlsym(RTLD_NEXT, "bind");
    const struct sockaddr_un *in = (const struct sockaddr_un *)sa;
    struct sockaddr_un un;
    char b[PATH_MAX];
    const char *to;

    if (sa->sa_family != AF_UNIX)
        return real(fd, sa, len);
    to = relocate(in->sun_path, b, sizeof(b));
    if (to == in->sun_path)
        return real(fd, sa, len);
    memset(&un, 0, sizeof(un));
    un.sun_family = AF_UNIX;
    strncpy(un.sun_path, to, sizeof(un.sun_path) - 1);
    return real(fd, (struct sockaddr *)&un, sizeof(un));
}

void *xc_map_foreign_range(xc_interface *xch, uint32_t dom, int size, int prot,
                           unsigned long mfn)
{
    const char *dir = getenv("XSSHIM_RINGDIR");
    char path[PATH_MAX];
    int fd = -1;
    void *p;

    if (dir && *dir) {
        snprintf(path, sizeof(path), "%s/ring-%u", dir, dom);
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0 || ftruncate(fd, 4096) < 0) {
            if (fd >= 0)
                close(fd);
            return NULL;
        }
    }
    p = mmap(NULL, size > 4096 ? size : 4096, PROT_READ | PROT_WRITE,
             MAP_SHARED | (fd < 0 ? MAP_ANONYMOUS : 0), fd, 0);
    if (fd >= 0)
        close(fd);
    return p == MAP_FAILED ? NULL : p;
}
