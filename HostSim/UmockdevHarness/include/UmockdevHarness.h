// The umockdev side of vigil-umockdev: an in-process testbed with /dev/i2c-1 and /dev/gpiochip0 whose ioctls
// are answered here (on umockdev's worker thread), so the REAL libi2c and libgpiod run unmodified in the
// same process. Register transactions go to the callbacks (a Swift RegisterBus); rising edges are raised
// with vh_raise_edge. The process must run under `umockdev-wrapper` (LD_PRELOAD of libumockdev-preload).
#ifndef UMOCKDEV_HARNESS_H
#define UMOCKDEV_HARNESS_H
#include <stdint.h>

/// Where register transactions go. Each returns 0 or a positive errno (EREMOTEIO: the device NACKed).
typedef struct vh_bus_callbacks {
  void *context;
  int (*write)(void *context, uint8_t address, uint8_t reg, uint8_t value);
  int (*read)(void *context, uint8_t address, uint8_t reg, uint8_t *buffer, uint32_t length);
} vh_bus_callbacks;

/// What the handlers saw (for the scenarios' checks).
typedef enum vh_counter {
  VH_I2C_SLAVE, VH_SMBUS_WRITE_BYTE_DATA, VH_SMBUS_READ_BYTE_DATA, VH_SMBUS_BLOCK_BROKEN, VH_SMBUS_BLOCK_DATA,
  VH_I2C_RDWR, VH_I2C_NACKS, VH_GPIO_CHIPINFO, VH_GPIO_LINEINFO, VH_GPIO_LINEEVENT, VH_EDGES_RAISED,
  VH_GPIO_LINEHANDLE, VH_GPIO_SET_VALUES,
  VH_COUNTER_COUNT
} vh_counter;

/// Creates the testbed: /dev/i2c-1 (major 89) and /dev/gpiochip0 (major 254) with `gpio_lines` lines and
/// the chip label `gpio_label`. 0, or −1 after printing why to stderr.
int vh_start(vh_bus_callbacks callbacks, const char *gpio_label, uint32_t gpio_lines);
/// Removes the testbed and its temporary directory.
void vh_stop(void);
/// Writes one rising-edge event for line `offset` into its event pipe (struct gpioevent_data when the line
/// was requested through the v1 uAPI, struct gpio_v2_line_event with sequence numbers through v2).
/// 0; −1 when that line has no event request.
int vh_raise_edge(uint32_t offset, uint64_t timestamp_ns);
/// Emulates the kernel dropping `n` edges of line `offset` (its event buffer overflowed): with the v2 uAPI
/// the next edge's sequence numbers jump by n; the v1 uAPI cannot show it.
void vh_drop_edges(uint32_t offset, uint32_t n);
/// Output line `offset`'s physical level (0 low, 1 high; active-low applied as the kernel does), −1 when it was
/// never requested as an output. Output requests (v1 line handles, v2 requests with the output flag) keep
/// their level after release, as the kernel leaves a released line.
int vh_output_level(uint32_t offset);
/// How many level changes of output lines were logged (at most 256; the first is the request's initial level).
uint32_t vh_output_changes(void);
/// Change `index` of that log: the line, its new physical level and when (CLOCK_MONOTONIC ns). 0, or −1.
int vh_output_change(uint32_t index, uint32_t *offset, int *level, uint64_t *timestamp_ns);
/// The consumer name of line `offset`'s event request (empty when none).
const char *vh_consumer(uint32_t offset);
/// A handler counter.
uint32_t vh_count(vh_counter which);
/// Sets every counter to 0.
void vh_reset_counters(void);
/// The last I2C_SLAVE address.
uint32_t vh_last_address(void);
/// Removes /dev/i2c-1 (the adapter disappears, as a USB adapter does when unplugged); vh_add_i2c re-adds it.
int vh_remove_i2c(void);
int vh_add_i2c(void);
/// The testbed's root directory (where the emulated /dev and /sys live).
const char *vh_root(void);
#endif
