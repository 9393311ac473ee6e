/*
 * The attacker's half of a check-then-use race, run as an unprivileged user by the tests.
 * It watches one or more directories (a ':'-separated list) with inotify and, on each event there (the root process opening,
 * reading or changing something), exchanges two names in another directory with
 * renameat2(RENAME_EXCHANGE): typically a real directory or file of the user's and a symbolic
 * link to a root-owned target, so the name the root process checked now points elsewhere.
 *
 *   swap-race <watch-dir>[:<watch-dir>...] <swap-dir> <name-a> <name-b> <max-swaps>
 *
 * Prints "ready" once the watch is in place; exits after max-swaps exchanges or on SIGTERM,
 * printing how many it made on stderr.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile sig_atomic_t stopped = 0;

/* SIGTERM ends the blocking read (no SA_RESTART), so the count is still printed. */
static void on_term(int sig) { (void)sig; stopped = 1; }

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: swap-race <watch-dir> <swap-dir> <name-a> <name-b> <max-swaps>\n");
    return 2;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_term;
  sigaction(SIGTERM, &sa, NULL);
  int dir = open(argv[2], O_RDONLY | O_DIRECTORY);
  int in = inotify_init1(0);
  if (dir < 0 || in < 0) { perror("open"); return 1; }
  /* Root's reads and changes only: the exchanges themselves (IN_MOVED_*) must not re-trigger. */
  uint32_t mask = IN_OPEN | IN_ACCESS | IN_ATTRIB | IN_MODIFY | IN_CLOSE;
  for (char *watch = strtok(argv[1], ":"); watch != NULL; watch = strtok(NULL, ":")) {
    if (inotify_add_watch(in, watch, mask) < 0) { perror("inotify_add_watch"); return 1; }
  }
  printf("ready\n");
  fflush(stdout);
  long max = atol(argv[5]), swaps = 0;
  char buf[8192];
  while (!stopped && swaps < max && read(in, buf, sizeof buf) > 0) {
    if (syscall(SYS_renameat2, dir, argv[3], dir, argv[4], RENAME_EXCHANGE) == 0) swaps++;
  }
  fprintf(stderr, "%ld swaps\n", swaps);
  return 0;
}
