// The firmware's whole platform layer: open, read, write, exit. With -DVIGIL_FREESTANDING (what
// Boards/build uses): raw Linux system calls and no libc at all — a small static binary, and the only way
// to run on a Pi Zero / Pi 1 (ARMv6: Debian's armhf libc is ARMv7 + Thumb-2 and faults on an ARM1176).
// Without it: libc's open/read/write (for a hosted build).
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifndef VIGIL_FREESTANDING
#include <fcntl.h>
#include <unistd.h>
static inline long plat_open(const char *path) { return open(path, O_RDONLY); }
static inline long plat_read(long fd, void *buf, size_t n) { return read((int)fd, buf, n); }
static inline long plat_write(long fd, const void *buf, size_t n) { return write((int)fd, buf, n); }
static inline void plat_close(long fd) { close((int)fd); }
static inline void plat_exit(int status) { _exit(status); }
#elif defined(__aarch64__)
// AArch64 Linux: the system call number in x8, arguments in x0-x3, "svc #0". No open(2): openat(AT_FDCWD).
static inline long plat_syscall4(long n, long a, long b, long c, long d) {
  register long x0 __asm__("x0") = a, x1 __asm__("x1") = b, x2 __asm__("x2") = c, x3 __asm__("x3") = d, x8 __asm__("x8") = n;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3), "r"(x8) : "memory");
  return x0;
}
static inline long plat_open(const char *path) { return plat_syscall4(56, -100 /* AT_FDCWD */, (long)path, 0, 0); }
static inline long plat_read(long fd, void *buf, size_t n) { return plat_syscall4(63, fd, (long)buf, (long)n, 0); }
static inline long plat_write(long fd, const void *buf, size_t n) { return plat_syscall4(64, fd, (long)buf, (long)n, 0); }
static inline void plat_close(long fd) { plat_syscall4(57, fd, 0, 0, 0); }
static inline void plat_exit(int status) { for (;;) plat_syscall4(94 /* exit_group */, status, 0, 0, 0); }
#else
// ARM EABI Linux (ARMv6 and ARMv7): the system call number in r7, arguments in r0-r2, "svc 0".
static inline long plat_syscall3(long n, long a, long b, long c) {
  register long r0 __asm__("r0") = a, r1 __asm__("r1") = b, r2 __asm__("r2") = c, r7 __asm__("r7") = n;
  __asm__ volatile("svc 0" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r7) : "memory");
  return r0;
}
static inline long plat_open(const char *path) { return plat_syscall3(5, (long)path, 0 /* O_RDONLY */, 0); }
static inline long plat_read(long fd, void *buf, size_t n) { return plat_syscall3(3, fd, (long)buf, (long)n); }
static inline long plat_write(long fd, const void *buf, size_t n) { return plat_syscall3(4, fd, (long)buf, (long)n); }
static inline void plat_close(long fd) { plat_syscall3(6, fd, 0, 0); }
static inline void plat_exit(int status) { for (;;) plat_syscall3(248 /* exit_group */, status, 0, 0); }
#endif
