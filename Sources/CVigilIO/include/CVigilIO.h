// Plain POSIX file I/O for the device program (model and config files, recordings, standard output),
// wrapped so that Embedded Swift can call it (no variadic open). Every function returns a non-negative
// result or −errno; none allocates.
#ifndef CVIGILIO_H
#define CVIGILIO_H
#include <stdint.h>

/// Reads the whole file at `path` into `buffer` (capacity `capacity`): the byte count, or −errno
/// (−EFBIG when the file does not fit, −EISDIR for a directory).
int32_t vigil_io_read_file(const char *path, uint8_t *buffer, uint32_t capacity);
/// Writes all `count` bytes to `fd` (retrying on EINTR and short writes): 0 or −errno.
int32_t vigil_io_write_all(int32_t fd, const uint8_t *bytes, uint32_t count);
/// Creates or truncates `path` for writing (mode 0644, close-on-exec): the descriptor or −errno.
int32_t vigil_io_create(const char *path);
/// fsync(fd): 0 or −errno.
int32_t vigil_io_fsync(int32_t fd);
/// close(fd): 0 or −errno.
int32_t vigil_io_close(int32_t fd);
/// rename(from, to): 0 or −errno.
int32_t vigil_io_rename(const char *from, const char *to);
/// unlink(path): 0 or −errno.
int32_t vigil_io_remove(const char *path);
/// 0 when `path` exists, else −errno.
int32_t vigil_io_exists(const char *path);
/// The C library's text for an errno value (a static string).
const char *vigil_io_strerror(int32_t error);
/// errno constants the Swift side tests for.
enum { VIGIL_IO_ENOENT = 2, VIGIL_IO_EFBIG = 27, VIGIL_IO_EISDIR = 21 };

#endif
