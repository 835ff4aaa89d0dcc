// Plain POSIX file I/O for the device program: see include/CVigilIO.h.
#define _GNU_SOURCE
#include "CVigilIO.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int32_t vigil_io_read_file(const char *path, uint8_t *buffer, uint32_t capacity) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -errno;
  struct stat st;
  if (fstat(fd, &st) != 0) { int e = errno; close(fd); return -e; }
  if (S_ISDIR(st.st_mode)) { close(fd); return -EISDIR; }
  if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > capacity) { close(fd); return -EFBIG; }
  uint32_t used = 0;
  for (;;) {
    if (used == capacity) {                    // full: is there more?
      uint8_t probe;
      ssize_t n = read(fd, &probe, 1);
      close(fd);
      return n == 0 ? (int32_t)used : -EFBIG;
    }
    ssize_t n = read(fd, buffer + used, capacity - used);
    if (n < 0) { if (errno == EINTR) continue; int e = errno; close(fd); return -e; }
    if (n == 0) break;
    used += (uint32_t)n;
  }
  close(fd);
  return (int32_t)used;
}

int32_t vigil_io_write_all(int32_t fd, const uint8_t *bytes, uint32_t count) {
  uint32_t done = 0;
  while (done < count) {
    ssize_t n = write(fd, bytes + done, count - done);
    if (n < 0) { if (errno == EINTR) continue; return -errno; }
    if (n == 0) return -EIO;
    done += (uint32_t)n;
  }
  return 0;
}

int32_t vigil_io_create(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  return fd < 0 ? -errno : fd;
}

int32_t vigil_io_fsync(int32_t fd) { return fsync(fd) == 0 ? 0 : -errno; }
int32_t vigil_io_close(int32_t fd) { return close(fd) == 0 ? 0 : -errno; }
int32_t vigil_io_rename(const char *from, const char *to) { return rename(from, to) == 0 ? 0 : -errno; }
int32_t vigil_io_remove(const char *path) { return unlink(path) == 0 ? 0 : -errno; }
int32_t vigil_io_exists(const char *path) { struct stat st; return stat(path, &st) == 0 ? 0 : -errno; }
const char *vigil_io_strerror(int32_t error) { return strerror(error < 0 ? -error : error); }
