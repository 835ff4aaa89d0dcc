// A stand-in for Sources/CVigilLinux (libi2c, libgpiod, timerfd, signalfd, ppoll, the monotonic clock) for
// Benchmarks/device-loop: the device program `vigil`, unchanged, linked with this file instead of the shim
// and the libraries, runs its one loop against an ADXL345 on a VIRTUAL clock, so that qemu-user (which is
// ~100× slower than the part) can count the instructions of S seconds of sensor data.
//
// The part (datasheet Rev. G register map, as far as the driver uses it): DEVID 0xE5; BW_RATE sets the ODR
// (3200 Hz >> (15 − code)); POWER_CTL's measure bit starts the sampling clock; a 32-entry FIFO in stream mode
// (FIFO_CTL bits 7:6 = 10) with the watermark in bits 4:0, which drops the oldest entry and sets OVERRUN when
// full; bypass clears it; FIFO_STATUS = entries; INT_SOURCE = DATA_READY | WATERMARK | OVERRUN; a read that
// covers DATAX0..DATAZ1 pops one entry. The watermark interrupt is a level on INT1; its rising edges are
// queued with their exact times. Every bus transaction advances the clock by its time on a 400 kHz bus
// (9 clocks a byte, address + register (+ repeated start) + data: 9·(n + 3) + 3 clocks).
//
// ppoll jumps the clock to the earliest of the next edge and the timerfd's deadline; the signalfd never
// fires. The samples are a cheap deterministic vibration (two triangle tones and a pseudo-random term), in
// counts. What this leaves out, by design: the kernel's I2C and GPIO work and libi2c/libgpiod's few calls
// per transaction (qemu-user cannot run them; on the Pi they run in the kernel).
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "CVigilLinux.h"

enum { DEVID = 0x00, BW_RATE = 0x2C, POWER_CTL = 0x2D, INT_ENABLE = 0x2E, INT_SOURCE = 0x30, DATAX0 = 0x32,
       FIFO_CTL = 0x38, FIFO_STATUS = 0x39, WATERMARK = 0x02, OVERRUN = 0x01, DATA_READY = 0x80 };
enum { I2C_FD = 40, LINE_FD = 41, TIMER_FD = 42, SIGNAL_FD = 43 };

static uint64_t now_ns = 1000000000ull;
static uint8_t reg[64] = {[DEVID] = 0xE5, [BW_RATE] = 0x0A, [INT_SOURCE] = 0x02};
static uint64_t start_ns;                 // when measuring started
static uint64_t produced, popped;         // frames measured / read since then
static int overrun, level;
static uint64_t edges[16];                // rising edges not yet read (times)
static uint32_t edge_count;
static uint64_t timer_deadline;           // 0: disarmed

static int measuring(void) { return (reg[POWER_CTL] & 0x08) != 0; }
static int stream(void) { return (reg[FIFO_CTL] & 0xC0) == 0x80; }
static uint32_t watermark(void) { return reg[FIFO_CTL] & 0x1F; }
static uint64_t period_ns(void) { return 1000000000ull * (1u << (15 - (reg[BW_RATE] & 0x0F))) / 3200; }
static uint32_t entries(void) { return (uint32_t)(produced - popped); }
static int line_enabled(void) { return (reg[INT_ENABLE] & WATERMARK) != 0 && watermark() > 0; }

static void raise_edge(uint64_t t) { if (edge_count < 16) edges[edge_count++] = t; }   // the kernel keeps 16

// Brings the part up to `now_ns`: frames measured, the FIFO (overrun), the line and its edges.
static void sync(void) {
  if (!measuring()) return;
  uint64_t due = (now_ns - start_ns) / period_ns();
  while (produced < due) {
    produced++;
    if (!stream()) { popped = produced - 1; continue; }                      // bypass: the latest only
    if (entries() > 32) { popped++; overrun = 1; }
    int high = line_enabled() && entries() >= watermark();
    if (high && !level) raise_edge(start_ns + produced * period_ns());
    level = high;
  }
}

static void bus_time(uint32_t bytes) { now_ns += (9ull * (bytes + 3) + 3) * 2500; }   // 400 kHz

static int16_t sample(uint64_t k, int axis) {
  uint32_t a = (uint32_t)(k * (37u + 11u * (uint32_t)axis)) & 1023, b = (uint32_t)(k * 181u) & 255;
  int32_t tri = a < 512 ? (int32_t)a - 256 : 768 - (int32_t)a;
  int32_t tri2 = b < 128 ? (int32_t)b - 64 : 192 - (int32_t)b;
  uint32_t r = (uint32_t)(k * 2654435761u + (uint32_t)axis * 40503u) >> 27;
  return (int16_t)(tri + tri2 / 2 + (int32_t)r - 16 + (axis == 2 ? 256 : 0));
}

static uint8_t read_byte(uint8_t r, uint64_t frame) {
  if (r >= DATAX0 && r < DATAX0 + 6) {
    int16_t v = entries() > 0 ? sample(frame, (r - DATAX0) / 2) : 0;
    return (uint8_t)((r - DATAX0) % 2 ? (uint16_t)v >> 8 : (uint16_t)v & 0xFF);
  }
  if (r == FIFO_STATUS) return (uint8_t)(entries() > 32 ? 32 : entries());
  if (r == INT_SOURCE) {
    uint8_t s = overrun ? OVERRUN : 0;
    if (entries() > 0) s |= DATA_READY;
    if (watermark() > 0 && entries() >= watermark()) s |= WATERMARK;
    return s;
  }
  return r < 64 ? reg[r] : 0;
}

static int read_registers(uint8_t first, uint8_t *buffer, uint32_t length) {
  if (first + length > 64) return -EIO;
  bus_time(length);
  sync();
  uint64_t frame = popped + 1;
  for (uint32_t i = 0; i < length; i++) buffer[i] = read_byte((uint8_t)(first + i), frame);
  if (first <= DATAX0 && first + length >= DATAX0 + 6 && entries() > 0) {   // pops the oldest entry
    popped++;
    overrun = 0;
    level = line_enabled() && entries() >= watermark();
  }
  return 0;
}

int vigil_i2c_open_bus(int bus, uint8_t address) { (void)bus; return address == 0x53 ? I2C_FD : -ENXIO; }
int vigil_i2c_open_path(const char *path, uint8_t address) { (void)path; return address == 0x53 ? I2C_FD : -ENXIO; }
int vigil_i2c_write_register(int fd, uint8_t r, uint8_t value) {
  (void)fd;
  bus_time(1);
  sync();
  if (r >= 64 || r == DEVID || r == INT_SOURCE || r == FIFO_STATUS || (r >= DATAX0 && r < DATAX0 + 6)) return 0;
  int was = measuring();
  reg[r] = value;
  if (r == POWER_CTL && measuring() && !was) { start_ns = now_ns; produced = popped = 0; }
  if (r == FIFO_CTL && !stream()) { popped = produced; overrun = 0; }
  level = line_enabled() && entries() >= watermark();
  return 0;
}
int vigil_i2c_read_smbus(int fd, uint8_t r, uint8_t *buffer, uint32_t length) { (void)fd; return read_registers(r, buffer, length); }
int vigil_i2c_read_combined(int fd, uint8_t address, uint8_t r, uint8_t *buffer, uint32_t length) {
  (void)fd; (void)address; return read_registers(r, buffer, length);
}
int vigil_i2c_bus_clock_hz(int bus) { (void)bus; return 400000; }
int vigil_close(int fd) { (void)fd; return 0; }

int vigil_gpio_api(void) { return 1; }
int vigil_gpio_open(vigil_gpio_line *out, const char *chip, uint32_t offset, const char *consumer) {
  (void)chip; (void)offset; (void)consumer;
  memset(out, 0, sizeof *out);
  out->fd = LINE_FD;
  return 0;
}
int vigil_gpio_wait(vigil_gpio_line *line, uint64_t timeout_ns, uint64_t *timestamp_ns) {
  (void)line;
  sync();
  if (edge_count == 0 && timeout_ns > 0) { now_ns += timeout_ns; sync(); }
  if (edge_count == 0) return 0;
  *timestamp_ns = edges[0];
  memmove(edges, edges + 1, --edge_count * sizeof edges[0]);
  return 1;
}
void vigil_gpio_close(vigil_gpio_line *line) { line->fd = -1; }

uint64_t vigil_monotonic_ns(void) { return now_ns; }
int vigil_timerfd_create(void) { return TIMER_FD; }
int vigil_timerfd_arm(int fd, uint64_t initial_ns, uint64_t interval_ns) {
  (void)fd; (void)interval_ns; timer_deadline = initial_ns ? now_ns + initial_ns : 0; return 0;
}
int64_t vigil_timerfd_take(int fd) {
  (void)fd;
  if (timer_deadline == 0 || timer_deadline > now_ns) return 0;
  timer_deadline = 0;
  return 1;
}
int vigil_signalfd_create(uint64_t mask) { (void)mask; return SIGNAL_FD; }
int vigil_signalfd_take(int fd) { (void)fd; return 0; }

// The time the next rising edge happens (no edge queued): the frame that brings the FIFO to the watermark.
static uint64_t next_edge(void) {
  if (!measuring() || !line_enabled() || level) return UINT64_MAX;
  uint64_t frame = popped + watermark();
  return start_ns + frame * period_ns();
}

int vigil_poll(const int *fds, uint32_t count, int64_t timeout_ns, uint32_t *readable) {
  sync();
  if (edge_count == 0) {
    uint64_t t = next_edge();
    if (timer_deadline && timer_deadline < t) t = timer_deadline;
    if (timeout_ns >= 0 && now_ns + (uint64_t)timeout_ns < t) t = now_ns + (uint64_t)timeout_ns;
    if (t == UINT64_MAX) return -EINVAL;                     // would sleep forever
    if (t > now_ns) now_ns = t;
    sync();
  }
  uint32_t bits = 0; int n = 0;
  for (uint32_t i = 0; i < count; i++) {
    int ready = (fds[i] == LINE_FD && edge_count > 0) || (fds[i] == TIMER_FD && timer_deadline && timer_deadline <= now_ns);
    if (ready) { bits |= 1u << i; n++; }
  }
  *readable = bits;
  return n;
}

/// The loop polls through this since the MQTT uplink (a socket to write to); the fake has no socket, so
/// nothing is ever writable and it is vigil_poll.
int vigil_poll_rw(const int *fds, uint32_t count, uint32_t write_mask, int64_t timeout_ns, uint32_t *readable,
                  uint32_t *writable) {
  (void)write_mask;
  *writable = 0;
  return vigil_poll(fds, count, timeout_ns, readable);
}

// The alarm output line: not configured in this benchmark (no alarm_line), so never requested.
int vigil_gpio_output_open(vigil_gpio_output *out, const char *chip, uint32_t offset, const char *consumer,
                           int active_low, int value) {
  (void)out; (void)chip; (void)offset; (void)consumer; (void)active_low; (void)value;
  return -ENODEV;
}
int vigil_gpio_output_set(vigil_gpio_output *out, int value) { (void)out; (void)value; return -ENODEV; }
void vigil_gpio_output_close(vigil_gpio_output *out) { (void)out; }
