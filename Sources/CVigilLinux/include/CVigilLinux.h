// CVigilLinux: the thin C layer under Sources/VigilLinux. Linux i2c-dev through libi2c (<i2c/smbus.h>) and
// the I2C_RDWR ioctl, a GPIO line's rising edges through libgpiod 1.6 (the v1 API of Debian and Raspberry Pi
// OS bookworm), timerfd, signalfd, ppoll and CLOCK_MONOTONIC.
//
// Conventions: every function that can fail returns 0 (or a count / a file descriptor ≥ 0) on success and
// −errno on failure; nothing here prints, allocates after the open calls, or keeps global state. The
// mapping of errno onto Vigil's BusError is done once, in Swift (Sources/VigilLinux/Errno.swift).
// This header includes only <stdint.h>, so Embedded Swift can import it for any target; the system headers
// (libi2c, libgpiod, the kernel uAPI) are included by the .c files alone: vigil_i2c.c, vigil_gpio.c and
// vigil_linux.c (time, timers, signals, polling) through shim.h, and vigil_notify.c. The variadic system
// calls (open, ioctl) are only called from C.
#ifndef CVIGILLINUX_H
#define CVIGILLINUX_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: errno values the Swift side maps (Linux generic values; identical on x86_64, aarch64 and arm).
enum {
  VIGIL_EPERM = 1, VIGIL_ENOENT = 2, VIGIL_EINTR = 4, VIGIL_EIO = 5, VIGIL_ENXIO = 6, VIGIL_EAGAIN = 11,
  VIGIL_EACCES = 13, VIGIL_EBUSY = 16, VIGIL_ENODEV = 19, VIGIL_EINVAL = 22, VIGIL_ETIMEDOUT = 110,
  VIGIL_EREMOTEIO = 121,
};

/// The longest read done as one SMBus I2C block read (I2C_SMBUS_BLOCK_MAX).
enum { VIGIL_I2C_SMBUS_BLOCK_MAX = 32, VIGIL_I2C_RDWR_MAX = 8192 };

// MARK: I2C (i2c-dev)

/// Opens /dev/i2c-<bus> (O_RDWR | O_CLOEXEC) and selects `address` with I2C_SLAVE. Returns the fd or −errno
/// (−EBUSY from I2C_SLAVE: a kernel driver owns the address).
int vigil_i2c_open_bus(int bus, uint8_t address);
/// The same with an explicit device path (e.g. "/dev/i2c-1").
int vigil_i2c_open_path(const char *path, uint8_t address);
/// One register write (SMBus write byte data). 0 or −errno.
int vigil_i2c_write_register(int fd, uint8_t reg, uint8_t value);
/// Reads `length` (1 ... 32) bytes from `reg` in one SMBus transaction: read byte data for 1, I2C block read
/// (libi2c's i2c_smbus_read_i2c_block_data) otherwise. 0 or −errno (−EIO when fewer bytes came back).
int vigil_i2c_read_smbus(int fd, uint8_t reg, uint8_t *buffer, uint32_t length);
/// Reads `length` (1 ... 8192) bytes from `reg` with one I2C_RDWR ioctl: a 1-byte write of the register,
/// then the read as the LAST message (the Raspberry Pi's i2c-bcm2835 only allows a read there). 0 or −errno.
int vigil_i2c_read_combined(int fd, uint8_t address, uint8_t reg, uint8_t *buffer, uint32_t length);

/// The adapter's configured bus clock in Hz (−ERANGE above INT32_MAX), from the device tree as sysfs shows it
/// (/sys/class/i2c-adapter/i2c-<bus>/of_node/clock-frequency, a big-endian u32; on a Pi set by
/// dtparam=i2c_arm_baudrate). −ENOENT when the adapter has no such property (e.g. not a device-tree
/// adapter), other −errno on failure.
int vigil_i2c_bus_clock_hz(int bus);

/// close(2); returns 0 or −errno.
int vigil_close(int fd);

// MARK: GPIO (libgpiod 1.x v1 API, or 2.x v2 API)
// vigil_linux.c is compiled for one libgpiod API: VIGIL_GPIOD_API=1 or 2, passed by the build from
// `pkg-config --modversion libgpiod` (e.g. -DVIGIL_GPIOD_API=2 for 2.x); without it the API is taken from
// the gpiod.h found (a mismatch between the two is a compile error).

/// One requested GPIO line (rising-edge events) and the edges read from it but not yet consumed.
typedef struct vigil_gpio_line {
  void *chip;            ///< struct gpiod_chip *
  void *line;            ///< v1: struct gpiod_line *; v2: struct gpiod_line_request *
  void *buffer;          ///< v2: struct gpiod_edge_event_buffer * (allocated once, at open); v1: NULL
  int fd;                ///< the line-event fd (readable when an edge is queued in the kernel); −1 if closed
  uint32_t queued;       ///< edges in `timestamps` not yet consumed
  uint32_t next;         ///< index of the next one
  uint32_t lost;         ///< edges known lost: v2 line sequence-number gaps; always 0 with v1 (the kernel drops silently)
  uint64_t last_seqno;   ///< v2: the last line sequence number seen (the kernel starts at 1)
  uint64_t timestamps[16];  ///< ns, CLOCK_MONOTONIC (Linux ≥ 5.7), one kernel read's worth (its buffer is 16)
} vigil_gpio_line;

/// The libgpiod API this file was compiled for (1 or 2).
int vigil_gpio_api(void);

/// Opens the GPIO chip `chip` — a label (e.g. "pinctrl-bcm2711", "pinctrl-rp1"), a name ("gpiochip0"), a
/// number ("0") or a path ("/dev/gpiochip0") — and requests line `offset` for rising-edge events under the
/// consumer name `consumer`. Labels are matched by opening each existing /dev/gpiochip0 ... 63 in turn
/// (libgpiod 1.6's own label lookup scans /dev with scandir; 2.x has none). 0 or −errno (−ENODEV: no chip
/// with that label).
int vigil_gpio_open(vigil_gpio_line *out, const char *chip, uint32_t offset, const char *consumer);
/// Waits up to `timeout_ns` (0: only check) for a rising edge and consumes the oldest one into `*timestamp_ns`.
/// Returns 1 (an edge), 0 (timeout) or −errno.
int vigil_gpio_wait(vigil_gpio_line *line, uint64_t timeout_ns, uint64_t *timestamp_ns);
/// Releases the line and closes the chip (idempotent).
void vigil_gpio_close(vigil_gpio_line *line);

// MARK: GPIO output (libgpiod v1 or v2, as above)

/// One requested GPIO output line (e.g. an alarm relay, a buzzer or a stack light).
typedef struct vigil_gpio_output {
  void *chip;         ///< struct gpiod_chip *
  void *line;         ///< v1: struct gpiod_line *; v2: struct gpiod_line_request *
  uint32_t offset;    ///< the line's offset on its chip
  int value;          ///< the logical value last set (1 = active); −1 when closed
} vigil_gpio_output;

/// Requests line `offset` of `chip` (label, name, number or path, as vigil_gpio_open) as an output under the
/// consumer name `consumer`, with the logical value `value` (1 = active). `active_low` ≠ 0: active drives
/// the line low (the kernel inverts: the values here are always logical). 0 or −errno.
int vigil_gpio_output_open(vigil_gpio_output *out, const char *chip, uint32_t offset, const char *consumer,
                           int active_low, int value);
/// Sets the logical value (1 = active, 0 = inactive). 0 or −errno.
int vigil_gpio_output_set(vigil_gpio_output *out, int value);
/// Releases the line and closes the chip (idempotent; the line keeps its last value, as the kernel leaves it).
void vigil_gpio_output_close(vigil_gpio_output *out);

// MARK: time, timers, signals, polling

/// CLOCK_MONOTONIC in nanoseconds.
uint64_t vigil_monotonic_ns(void);
/// timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC): the fd or −errno.
int vigil_timerfd_create(void);
/// Arms the timer: first expiry after `initial_ns` (0 disarms), then every `interval_ns` (0: once). 0 or −errno.
int vigil_timerfd_arm(int fd, uint64_t initial_ns, uint64_t interval_ns);
/// Reads the expiry count (0 when none: EAGAIN). ≥ 0 or −errno.
int64_t vigil_timerfd_take(int fd);
/// Blocks the signals in `mask` (bit n−1 = signal n) with sigprocmask and returns a non-blocking signalfd for
/// them, or −errno.
int vigil_signalfd_create(uint64_t mask);
/// The next pending signal's number, 0 when none, or −errno.
int vigil_signalfd_take(int fd);
/// ppoll(2) for POLLIN on `count` (≤ 8) fds; `readable` gets bit i set when fds[i] is readable (or has an
/// error or hang-up). timeout_ns < 0 waits forever. Returns the number of ready fds (0: timeout) or −errno
/// (−EINTR included: the caller decides).
int vigil_poll(const int *fds, uint32_t count, int64_t timeout_ns, uint32_t *readable);
/// vigil_poll, also waiting for writability of the descriptors whose bit is set in `write_mask` (a socket
/// with bytes to send; a negative descriptor is ignored): readable and writable bits.
int vigil_poll_rw(const int *fds, uint32_t count, uint32_t write_mask, int64_t timeout_ns, uint32_t *readable,
                  uint32_t *writable);


// MARK: service manager (systemd's notify protocol, sd_notify(3), without libsystemd; vigil_notify.c)

/// Where notifications go: a datagram socket and the address from $NOTIFY_SOCKET.
typedef struct vigil_notifier {
  int fd;                    ///< the AF_UNIX datagram socket; −1 when there is no $NOTIFY_SOCKET
  uint32_t address_length;   ///< socklen_t of `address`
  uint64_t address[14];      ///< a struct sockaddr_un (110 bytes), 8-byte aligned storage
} vigil_notifier;

/// Reads $NOTIFY_SOCKET (a path, or "@name" in the abstract namespace) and creates the socket. Returns 1
/// (notifications will be sent), 0 (no $NOTIFY_SOCKET: not started by systemd, sends are no-ops) or −errno
/// (−EINVAL: the variable is neither an absolute path nor "@..." or is too long).
int vigil_notify_open(vigil_notifier *n);
/// Sends one notification (e.g. "READY=1\nSTATUS=...") as one datagram, without blocking (the monitor's
/// loop never waits for the service manager: −EAGAIN when its queue is full). 0, or −errno. A no-op (0)
/// without a socket.
int vigil_notify_send(const vigil_notifier *n, const uint8_t *message, uint32_t length);
/// Closes the socket (idempotent).
void vigil_notify_close(vigil_notifier *n);
/// $WATCHDOG_USEC (the service's WatchdogSec in µs) when the watchdog is meant for this process
/// ($WATCHDOG_PID unset or equal to getpid()); 0 when there is no watchdog or the value is not a number.
uint64_t vigil_watchdog_usec(void);

#ifdef __cplusplus
}
#endif
#endif
