// Time, timers, signals and polling for the device's one event loop (timerfd, signalfd, ppoll); the I2C
// and GPIO parts are in vigil_i2c.c and vigil_gpio.c. See include/CVigilLinux.h for the conventions
// (0 / count / fd, or −errno).
#include "shim.h"

// MARK: time, timers, signals, polling

uint64_t vigil_monotonic_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int vigil_timerfd_create(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  return fd < 0 ? neg_errno() : fd;
}

static struct timespec to_timespec(uint64_t ns) {
  struct timespec ts = {.tv_sec = (time_t)(ns / 1000000000u), .tv_nsec = (long)(ns % 1000000000u)};
  return ts;
}

int vigil_timerfd_arm(int fd, uint64_t initial_ns, uint64_t interval_ns) {
  struct itimerspec spec = {.it_interval = to_timespec(interval_ns), .it_value = to_timespec(initial_ns)};
  return timerfd_settime(fd, 0, &spec, NULL) < 0 ? neg_errno() : 0;
}

int64_t vigil_timerfd_take(int fd) {
  uint64_t n = 0;
  ssize_t r = read(fd, &n, sizeof n);
  if (r < 0) return errno == EAGAIN ? 0 : neg_errno();
  return r == (ssize_t)sizeof n ? (int64_t)n : -EIO;
}

int vigil_signalfd_create(uint64_t mask) {
  sigset_t set;
  sigemptyset(&set);
  for (int s = 1; s <= 64; s++) if (mask & (1ull << (s - 1))) sigaddset(&set, s);
  if (sigprocmask(SIG_BLOCK, &set, NULL) < 0) return neg_errno();
  int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  return fd < 0 ? neg_errno() : fd;
}

int vigil_signalfd_take(int fd) {
  struct signalfd_siginfo info;
  ssize_t r = read(fd, &info, sizeof info);
  if (r < 0) return errno == EAGAIN ? 0 : neg_errno();
  return r == (ssize_t)sizeof info ? (int)info.ssi_signo : -EIO;
}

int vigil_poll(const int *fds, uint32_t count, int64_t timeout_ns, uint32_t *readable) {
  if (count > 8) return -EINVAL;
  struct pollfd p[8];
  for (uint32_t i = 0; i < count; i++) p[i] = (struct pollfd){.fd = fds[i], .events = POLLIN};
  struct timespec ts = to_timespec(timeout_ns < 0 ? 0 : (uint64_t)timeout_ns);
  int r = ppoll(p, count, timeout_ns < 0 ? NULL : &ts, NULL);
  if (r < 0) return neg_errno();
  uint32_t bits = 0;
  for (uint32_t i = 0; i < count; i++) if (p[i].revents & (POLLIN | POLLERR | POLLHUP)) bits |= 1u << i;
  *readable = bits;
  return r;
}

int vigil_poll_rw(const int *fds, uint32_t count, uint32_t write_mask, int64_t timeout_ns, uint32_t *readable,
                  uint32_t *writable) {
  if (count > 8) return -EINVAL;
  struct pollfd p[8];
  for (uint32_t i = 0; i < count; i++)
    p[i] = (struct pollfd){.fd = fds[i], .events = (short)(POLLIN | ((write_mask >> i) & 1 ? POLLOUT : 0))};
  struct timespec ts = to_timespec(timeout_ns < 0 ? 0 : (uint64_t)timeout_ns);
  int r = ppoll(p, count, timeout_ns < 0 ? NULL : &ts, NULL);
  if (r < 0) return neg_errno();
  uint32_t in = 0, out = 0;
  for (uint32_t i = 0; i < count; i++) {
    if (p[i].revents & (POLLIN | POLLERR | POLLHUP)) in |= 1u << i;
    if (p[i].revents & POLLOUT) out |= 1u << i;
  }
  *readable = in;
  *writable = out;
  return r;
}
