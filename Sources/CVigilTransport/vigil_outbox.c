// The outbox's file calls: see include/CVigilTransport.h.
#define _GNU_SOURCE
#include "CVigilTransport.h"
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int32_t vigil_outbox_open(const char *path) {
  signal(SIGXFSZ, SIG_IGN);
  int fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  return fd < 0 ? -errno : fd;
}

int32_t vigil_outbox_append(int32_t fd, const uint8_t *bytes, uint32_t count, uint64_t old_size, int32_t sync) {
  uint32_t done = 0;
  while (done < count) {
    ssize_t n = write(fd, bytes + done, count - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int e = n < 0 ? errno : EIO;
      if (ftruncate(fd, (off_t)old_size) != 0) { /* the replay skips a torn last record */ }
      return -e;
    }
    done += (uint32_t)n;
  }
  if (sync && fdatasync(fd) != 0) { int e = errno; if (ftruncate(fd, (off_t)old_size) != 0) {} return -e; }
  return 0;
}

int32_t vigil_outbox_read(int32_t fd, uint8_t *buffer, uint32_t capacity, uint64_t offset) {
  for (;;) {
    ssize_t n = pread(fd, buffer, capacity, (off_t)offset);
    if (n < 0 && errno == EINTR) continue;
    return n < 0 ? -errno : (int32_t)n;
  }
}

int64_t vigil_outbox_size(int32_t fd) {
  struct stat st;
  return fstat(fd, &st) == 0 ? (int64_t)st.st_size : -errno;
}

int32_t vigil_outbox_sync_folder(const char *path) {
  char copy[512];
  size_t n = strlen(path);
  if (n >= sizeof copy) return -ENAMETOOLONG;
  memcpy(copy, path, n + 1);
  int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -errno;
  int r = fsync(fd) == 0 ? 0 : -errno;
  close(fd);
  return r;
}

int32_t vigil_host_name(char *buffer, uint32_t capacity) {
  if (capacity == 0) return -EINVAL;
  if (gethostname(buffer, capacity) != 0) return -errno;
  buffer[capacity - 1] = 0;
  return (int32_t)strlen(buffer);
}
