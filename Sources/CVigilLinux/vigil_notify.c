// systemd's readiness / watchdog protocol without libsystemd: see include/CVigilLinux.h ("service manager").
// The protocol (sd_notify(3)): datagrams of `KEY=VALUE\n...` to the AF_UNIX socket named by $NOTIFY_SOCKET,
// a filesystem path ("/run/systemd/notify") or, with a leading '@', a name in the abstract namespace.
#define _GNU_SOURCE
#include "CVigilLinux.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

_Static_assert(sizeof(((vigil_notifier *)0)->address) >= sizeof(struct sockaddr_un), "vigil_notifier.address too small");

int vigil_notify_open(vigil_notifier *n) {
  memset(n, 0, sizeof *n);
  n->fd = -1;
  const char *name = getenv("NOTIFY_SOCKET");
  if (!name || !name[0]) return 0;
  size_t len = strlen(name);
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  if ((name[0] != '/' && name[0] != '@') || len >= sizeof addr.sun_path) return -EINVAL;
  memcpy(addr.sun_path, name, len);
  if (name[0] == '@') addr.sun_path[0] = 0;  // abstract namespace: no NUL terminator, the length says where it ends
  socklen_t alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + (name[0] == '/' ? 1 : 0));
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno ? -errno : -EIO;
  n->fd = fd;
  memcpy(n->address, &addr, sizeof addr);
  n->address_length = (uint32_t)alen;
  return 1;
}

int vigil_notify_send(const vigil_notifier *n, const uint8_t *message, uint32_t length) {
  if (n->fd < 0) return 0;
  ssize_t r;
  do {
    r = sendto(n->fd, message, length, MSG_NOSIGNAL | MSG_DONTWAIT, (const struct sockaddr *)n->address, (socklen_t)n->address_length);
  } while (r < 0 && errno == EINTR);
  if (r < 0) return errno ? -errno : -EIO;
  return r == (ssize_t)length ? 0 : -EIO;
}

void vigil_notify_close(vigil_notifier *n) {
  if (n->fd >= 0) close(n->fd);
  n->fd = -1;
}

uint64_t vigil_watchdog_usec(void) {
  const char *usec = getenv("WATCHDOG_USEC");
  if (!usec || !usec[0]) return 0;
  // $WATCHDOG_PID, when set, names the process the watchdog is meant for (not a child it started).
  const char *pid = getenv("WATCHDOG_PID");
  if (pid && pid[0]) {
    char *end = NULL;
    errno = 0;
    unsigned long long p = strtoull(pid, &end, 10);
    if (errno || !end || *end || p != (unsigned long long)getpid()) return 0;
  }
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(usec, &end, 10);
  if (errno || !end || *end || usec[0] == '-') return 0;
  return (uint64_t)v;
}
