// See include/UmockdevHarness.h. The ioctl handlers decode the kernel uAPI structures exactly as
// i2c-dev and the GPIO character device (v1) receive them from libi2c 4.3 and libgpiod 1.6.
#define _GNU_SOURCE
#include "UmockdevHarness.h"
#include <umockdev.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/gpio.h>
#include <linux/i2c.h>
#include <linux/i2c-dev.h>

#define LINES_MAX 64
static UMockdevTestbed *testbed;
static vh_bus_callbacks bus;
static char chip_label[32];
static uint32_t chip_lines;
static volatile uint32_t counters[VH_COUNTER_COUNT];
static volatile uint32_t slave_address;
static int event_write_fd[LINES_MAX];
static char consumers[LINES_MAX][32];
static int line_abi[LINES_MAX];           // 1: requested through the v1 uAPI, 2: through v2
static uint32_t line_seqno[LINES_MAX];    // v2: the last line sequence number handed out
static uint32_t chip_seqno;               // v2: the last request-wide sequence number

// Output lines (GPIO_GET_LINEHANDLE_IOCTL / GPIO_V2_GET_LINE_IOCTL with the output flag). The request's fd
// is a second open of /dev/gpiochip0 made here, through the preload, so its SET_LINE_VALUES ioctls come back
// to handle_gpio; the first ioctl on that connection binds it to the latest output request.
#define LEVELS_MAX 256
static int output_active_low[LINES_MAX];
static volatile int output_level[LINES_MAX];   // physical level: 0 low, 1 high, −1 never requested
static int pending_output = -1;                // the offset of the latest output request (not yet bound)
static struct { uint64_t ns; uint32_t offset; int level; } levels[LEVELS_MAX];
static volatile uint32_t level_count;
static GMutex output_lock;

static const char *i2c_description =
  "P: /devices/platform/soc/fe804000.i2c/i2c-1/i2c-dev/i2c-1\n"
  "N: i2c-1\n"
  "E: DEVNAME=/dev/i2c-1\n"
  "E: MAJOR=89\n"
  "E: MINOR=1\n"
  "E: SUBSYSTEM=i2c-dev\n"
  "A: dev=89:1\n"
  "A: name=bcm2835 (i2c@7e804000)\n";

// The adapter itself, with its device-tree clock (400 kHz, big-endian u32) as sysfs shows it on a Pi.
static const char *adapter_description =
  "P: /devices/platform/soc/fe804000.i2c/i2c-1\n"
  "E: SUBSYSTEM=i2c-adapter\n"
  "A: name=bcm2835 (i2c@7e804000)\n"
  "H: of_node/clock-frequency=00061A80\n";

static const char *gpio_description =
  "P: /devices/platform/soc/fe200000.gpio/gpiochip0\n"
  "N: gpiochip0=00\n"
  "E: DEVNAME=/dev/gpiochip0\n"
  "E: MAJOR=254\n"
  "E: MINOR=0\n"
  "E: SUBSYSTEM=gpio\n"
  "A: dev=254:0\n";

static void count(vh_counter c) { __atomic_add_fetch(&counters[c], 1, __ATOMIC_SEQ_CST); }
uint32_t vh_count(vh_counter which) { return __atomic_load_n(&counters[which], __ATOMIC_SEQ_CST); }
uint32_t vh_last_address(void) { return slave_address; }
void vh_reset_counters(void) { for (int i = 0; i < VH_COUNTER_COUNT; i++) __atomic_store_n(&counters[i], 0, __ATOMIC_SEQ_CST); }

// A line's event request ends when the program closes the read end of its pipe (libgpiod's line release):
// the write end then reports POLLERR, and the line is free again.
static int line_requested(uint32_t offset) {
  if (offset >= LINES_MAX || event_write_fd[offset] < 0) return 0;
  struct pollfd p = {.fd = event_write_fd[offset], .events = POLLOUT};
  if (poll(&p, 1, 0) == 1 && (p.revents & POLLERR)) {
    close(event_write_fd[offset]);
    event_write_fd[offset] = -1;
    consumers[offset][0] = 0;
    return 0;
  }
  return 1;
}

static UMockdevIoctlData *deref(UMockdevIoctlData *d, size_t offset, size_t len) {
  GError *err = NULL;
  UMockdevIoctlData *r = umockdev_ioctl_data_resolve(d, offset, len, &err);
  if (!r) { fprintf(stderr, "vigil-umockdev: cannot resolve ioctl data: %s\n", err ? err->message : "?"); g_clear_error(&err); }
  return r;
}

static gboolean handle_i2c(UMockdevIoctlClient *client, unsigned long request, UMockdevIoctlData *arg) {
  if (request == I2C_SLAVE || request == I2C_SLAVE_FORCE) {
    count(VH_I2C_SLAVE);
    slave_address = (uint32_t)*(unsigned long *)arg->data;  // the address is the argument itself
    // Per open file, as i2c-dev keeps it: the client object lives as long as the connection.
    g_object_set_data(G_OBJECT(client), "vigil-i2c-address", GUINT_TO_POINTER(slave_address + 1));
    umockdev_ioctl_client_complete(client, 0, 0);
    return TRUE;
  }
  if (request == I2C_SMBUS) {
    struct i2c_smbus_ioctl_data *req = (struct i2c_smbus_ioctl_data *)deref(arg, 0, sizeof *req)->data;
    UMockdevIoctlData *dd = deref(deref(arg, 0, sizeof *req), offsetof(struct i2c_smbus_ioctl_data, data),
                                  sizeof(union i2c_smbus_data));
    union i2c_smbus_data *data = (union i2c_smbus_data *)dd->data;
    uintptr_t stored = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(client), "vigil-i2c-address"));
    uint8_t address = stored ? (uint8_t)(stored - 1) : 0;  // no I2C_SLAVE yet: address 0, nobody answers
    int e = EINVAL;
    if (req->read_write == I2C_SMBUS_WRITE && req->size == I2C_SMBUS_BYTE_DATA) {
      count(VH_SMBUS_WRITE_BYTE_DATA);
      e = bus.write(bus.context, address, req->command, data->byte);
    } else if (req->read_write == I2C_SMBUS_READ && req->size == I2C_SMBUS_BYTE_DATA) {
      count(VH_SMBUS_READ_BYTE_DATA);
      e = bus.read(bus.context, address, req->command, &data->byte, 1);
    } else if (req->read_write == I2C_SMBUS_READ &&
               (req->size == I2C_SMBUS_I2C_BLOCK_BROKEN || req->size == I2C_SMBUS_I2C_BLOCK_DATA)) {
      count(req->size == I2C_SMBUS_I2C_BLOCK_BROKEN ? VH_SMBUS_BLOCK_BROKEN : VH_SMBUS_BLOCK_DATA);
      uint32_t n = data->block[0];
      if (n == 0 || n > I2C_SMBUS_BLOCK_MAX) e = EINVAL;
      else e = bus.read(bus.context, address, req->command, &data->block[1], n);
    }
    if (e == EREMOTEIO || e == ENXIO) count(VH_I2C_NACKS);
    umockdev_ioctl_client_complete(client, e ? -1 : 0, e);
    return TRUE;
  }
  if (request == I2C_RDWR) {
    count(VH_I2C_RDWR);
    UMockdevIoctlData *top = deref(arg, 0, sizeof(struct i2c_rdwr_ioctl_data));
    struct i2c_rdwr_ioctl_data *rdwr = (struct i2c_rdwr_ioctl_data *)top->data;
    int e = EINVAL;
    // What the Vigil shim sends: [write 1 byte: register] [read N] — the read last.
    if (rdwr->nmsgs == 2) {
      UMockdevIoctlData *md = deref(top, offsetof(struct i2c_rdwr_ioctl_data, msgs), 2 * sizeof(struct i2c_msg));
      struct i2c_msg *m = (struct i2c_msg *)md->data;
      if (!(m[0].flags & I2C_M_RD) && m[0].len == 1 && (m[1].flags & I2C_M_RD) && m[1].len > 0 &&
          m[0].addr == m[1].addr) {
        uint8_t reg = deref(md, offsetof(struct i2c_msg, buf), 1)->data[0];
        UMockdevIoctlData *out = deref(md, sizeof(struct i2c_msg) + offsetof(struct i2c_msg, buf), m[1].len);
        e = bus.read(bus.context, (uint8_t)m[0].addr, reg, out->data, m[1].len);
      }
    }
    if (e == EREMOTEIO || e == ENXIO) count(VH_I2C_NACKS);
    umockdev_ioctl_client_complete(client, e ? -1 : 2, e);
    return TRUE;
  }
  umockdev_ioctl_client_complete(client, -1, ENOTTY);
  return TRUE;
}

// A line-event request: a pipe whose read end is the program's event fd (same process) and whose write
// end raises edges. Returns 0 or the errno to complete the ioctl with.
static int request_line(uint32_t offset, int abi, const char *consumer, int32_t *fd) {
  if (offset >= LINES_MAX) return EINVAL;
  if (line_requested(offset)) return EBUSY;
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0) return errno;
  fcntl(p[1], F_SETFL, O_NONBLOCK);
  event_write_fd[offset] = p[1];
  line_abi[offset] = abi;
  line_seqno[offset] = 0;
  snprintf(consumers[offset], sizeof consumers[offset], "%s", consumer);
  *fd = p[0];
  return 0;
}


static uint64_t monotonic_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

// Drives output line `offset` to the LOGICAL value `value` (the kernel applies active-low) and logs the
// physical level when it changes.
static void drive_output(uint32_t offset, int value) {
  g_mutex_lock(&output_lock);
  int level = (value ? 1 : 0) ^ output_active_low[offset];
  if (output_level[offset] != level) {
    output_level[offset] = level;
    if (level_count < LEVELS_MAX) {
      levels[level_count].ns = monotonic_ns();
      levels[level_count].offset = offset;
      levels[level_count].level = level;
      level_count++;
    }
  }
  g_mutex_unlock(&output_lock);
}

// An output request for `offset` (logical initial value, active-low): the handle fd, or −errno.
static int request_output(uint32_t offset, int active_low, int value, const char *consumer) {
  if (offset >= LINES_MAX || offset >= chip_lines) return -EINVAL;
  if (line_requested(offset)) return -EBUSY;
  int fd = open("/dev/gpiochip0", O_RDWR | O_CLOEXEC);  // through the preload: its ioctls come back here
  if (fd < 0) return -errno;
  output_active_low[offset] = active_low ? 1 : 0;
  snprintf(consumers[offset], sizeof consumers[offset], "%s", consumer);
  pending_output = (int)offset;
  drive_output(offset, value);
  return fd;
}

// The output line a handle connection controls (bound at its first ioctl), or −1.
static int output_of(UMockdevIoctlClient *client) {
  uintptr_t bound = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(client), "vigil-gpio-output"));
  if (bound) return (int)bound - 1;
  if (pending_output < 0) return -1;
  g_object_set_data(G_OBJECT(client), "vigil-gpio-output", GUINT_TO_POINTER((unsigned)pending_output + 1));
  int o = pending_output;
  pending_output = -1;
  return o;
}

static gboolean handle_gpio(UMockdevIoctlClient *client, unsigned long request, UMockdevIoctlData *arg) {
  if (request == GPIOHANDLE_SET_LINE_VALUES_IOCTL || request == GPIO_V2_LINE_SET_VALUES_IOCTL) {
    int offset = output_of(client);
    if (offset < 0) { umockdev_ioctl_client_complete(client, -1, ENOTTY); return TRUE; }
    count(VH_GPIO_SET_VALUES);
    int value;
    if (request == GPIOHANDLE_SET_LINE_VALUES_IOCTL) {
      value = ((struct gpiohandle_data *)deref(arg, 0, sizeof(struct gpiohandle_data))->data)->values[0];
    } else {
      struct gpio_v2_line_values *v = (struct gpio_v2_line_values *)deref(arg, 0, sizeof *v)->data;
      if (!(v->mask & 1)) { umockdev_ioctl_client_complete(client, 0, 0); return TRUE; }
      value = (int)(v->bits & 1);
    }
    drive_output((uint32_t)offset, value);
    umockdev_ioctl_client_complete(client, 0, 0);
    return TRUE;
  }
  if (request == GPIO_GET_LINEHANDLE_IOCTL) {
    count(VH_GPIO_LINEHANDLE);
    struct gpiohandle_request *req = (struct gpiohandle_request *)deref(arg, 0, sizeof *req)->data;
    // One line, output (what the Vigil shim asks for).
    if (req->lines != 1 || !(req->flags & GPIOHANDLE_REQUEST_OUTPUT)) {
      umockdev_ioctl_client_complete(client, -1, EINVAL);
      return TRUE;
    }
    int fd = request_output(req->lineoffsets[0], (req->flags & GPIOHANDLE_REQUEST_ACTIVE_LOW) != 0,
                            req->default_values[0], req->consumer_label);
    if (fd >= 0) req->fd = fd;
    umockdev_ioctl_client_complete(client, fd < 0 ? -1 : 0, fd < 0 ? -fd : 0);
    return TRUE;
  }
  if (request == GPIO_V2_GET_LINE_IOCTL) {
    struct gpio_v2_line_request *req = (struct gpio_v2_line_request *)deref(arg, 0, sizeof *req)->data;
    if (req->config.flags & GPIO_V2_LINE_FLAG_OUTPUT) {
      count(VH_GPIO_LINEHANDLE);
      if (req->num_lines != 1) { umockdev_ioctl_client_complete(client, -1, EINVAL); return TRUE; }
      int value = 0;
      for (uint32_t i = 0; i < req->config.num_attrs && i < GPIO_V2_LINE_NUM_ATTRS_MAX; i++)
        if (req->config.attrs[i].attr.id == GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES && (req->config.attrs[i].mask & 1))
          value = (int)(req->config.attrs[i].attr.values & 1);
      int fd = request_output(req->offsets[0], (req->config.flags & GPIO_V2_LINE_FLAG_ACTIVE_LOW) != 0, value, req->consumer);
      if (fd >= 0) req->fd = fd;
      umockdev_ioctl_client_complete(client, fd < 0 ? -1 : 0, fd < 0 ? -fd : 0);
      return TRUE;
    }
  }
  if (request == GPIO_GET_CHIPINFO_IOCTL) {
    count(VH_GPIO_CHIPINFO);
    struct gpiochip_info *info = (struct gpiochip_info *)deref(arg, 0, sizeof *info)->data;
    memset(info, 0, sizeof *info);
    snprintf(info->name, sizeof info->name, "gpiochip0");
    snprintf(info->label, sizeof info->label, "%s", chip_label);
    info->lines = chip_lines;
    umockdev_ioctl_client_complete(client, 0, 0);
    return TRUE;
  }
  if (request == GPIO_GET_LINEINFO_IOCTL || request == GPIO_V2_GET_LINEINFO_IOCTL) {
    // v1 and v2 ask the same (the line's name, consumer and flags) in structs of their own layout.
    int v2 = request == GPIO_V2_GET_LINEINFO_IOCTL;
    count(VH_GPIO_LINEINFO);
    size_t size = v2 ? sizeof(struct gpio_v2_line_info) : sizeof(struct gpioline_info);
    void *data = deref(arg, 0, size)->data;
    struct gpioline_info *info1 = data;
    struct gpio_v2_line_info *info2 = data;
    uint32_t offset = v2 ? info2->offset : info1->line_offset;
    if (offset >= chip_lines) { umockdev_ioctl_client_complete(client, -1, EINVAL); return TRUE; }
    memset(data, 0, size);
    char *name = v2 ? info2->name : info1->name, *consumer = v2 ? info2->consumer : info1->consumer;
    snprintf(name, GPIO_MAX_NAME_SIZE, "GPIO%u", offset);
    int output = offset < LINES_MAX && output_level[offset] >= 0, requested = line_requested(offset);
    if (v2) {
      info2->offset = offset;
      info2->flags = GPIO_V2_LINE_FLAG_INPUT | (requested ? GPIO_V2_LINE_FLAG_USED | GPIO_V2_LINE_FLAG_EDGE_RISING : 0);
      output = 0;                                      // v2 reports the edge line only, as before
    } else {
      info1->line_offset = offset;
      if (output) info1->flags = GPIOLINE_FLAG_KERNEL | GPIOLINE_FLAG_IS_OUT | (output_active_low[offset] ? GPIOLINE_FLAG_ACTIVE_LOW : 0);
      else if (requested) info1->flags = GPIOLINE_FLAG_KERNEL;
    }
    if (output || requested) snprintf(consumer, GPIO_MAX_NAME_SIZE, "%s", consumers[offset]);
    umockdev_ioctl_client_complete(client, 0, 0);
    return TRUE;
  }
  if (request == GPIO_V2_GET_LINE_IOCTL) {
    count(VH_GPIO_LINEEVENT);
    struct gpio_v2_line_request *req = (struct gpio_v2_line_request *)deref(arg, 0, sizeof *req)->data;
    uint32_t offset = req->offsets[0];
    // One line, rising edges (what the Vigil shim asks for).
    if (req->num_lines != 1 || offset >= chip_lines || offset >= LINES_MAX ||
        !(req->config.flags & GPIO_V2_LINE_FLAG_EDGE_RISING)) {
      umockdev_ioctl_client_complete(client, -1, EINVAL);
      return TRUE;
    }
    int e = request_line(offset, 2, req->consumer, &req->fd);
    umockdev_ioctl_client_complete(client, e ? -1 : 0, e);
    return TRUE;
  }
  if (request == GPIO_GET_LINEEVENT_IOCTL) {
    count(VH_GPIO_LINEEVENT);
    struct gpioevent_request *req = (struct gpioevent_request *)deref(arg, 0, sizeof(struct gpioevent_request))->data;
    uint32_t offset = req->lineoffset;
    int e = offset >= chip_lines ? EINVAL : request_line(offset, 1, req->consumer_label, &req->fd);
    umockdev_ioctl_client_complete(client, e ? -1 : 0, e);
    return TRUE;
  }
  umockdev_ioctl_client_complete(client, -1, ENOTTY);
  return TRUE;
}

int vh_raise_edge(uint32_t offset, uint64_t timestamp_ns) {
  if (!line_requested(offset)) return -1;
  int ok;
  if (line_abi[offset] == 2) {
    struct gpio_v2_line_event ev = {.timestamp_ns = timestamp_ns, .id = GPIO_V2_LINE_EVENT_RISING_EDGE,
                                    .offset = offset, .seqno = ++chip_seqno, .line_seqno = ++line_seqno[offset]};
    ok = write(event_write_fd[offset], &ev, sizeof ev) == (ssize_t)sizeof ev;
  } else {
    struct gpioevent_data ev = {.timestamp = timestamp_ns, .id = GPIOEVENT_EVENT_RISING_EDGE};
    ok = write(event_write_fd[offset], &ev, sizeof ev) == (ssize_t)sizeof ev;
  }
  if (!ok) return -1;
  count(VH_EDGES_RAISED);
  return 0;
}

void vh_drop_edges(uint32_t offset, uint32_t n) {
  if (offset >= LINES_MAX) return;
  chip_seqno += n;
  line_seqno[offset] += n;
}

int vh_output_level(uint32_t offset) { return offset < LINES_MAX ? output_level[offset] : -1; }

uint32_t vh_output_changes(void) { return __atomic_load_n(&level_count, __ATOMIC_SEQ_CST); }

int vh_output_change(uint32_t index, uint32_t *offset, int *level, uint64_t *timestamp_ns) {
  g_mutex_lock(&output_lock);
  int ok = index < level_count;
  if (ok) { *offset = levels[index].offset; *level = levels[index].level; *timestamp_ns = levels[index].ns; }
  g_mutex_unlock(&output_lock);
  return ok ? 0 : -1;
}

const char *vh_consumer(uint32_t offset) { return offset < LINES_MAX ? consumers[offset] : ""; }

// A node's ioctl handler: the request and its argument already taken from the client.
typedef gboolean (*ioctl_handler)(UMockdevIoctlClient *client, unsigned long request, UMockdevIoctlData *arg);
typedef struct { ioctl_handler handle; } node_handler;
static const node_handler i2c_node = { handle_i2c }, gpio_node = { handle_gpio };

// The "handle-ioctl" signal of every node: passes the request and its argument to the node's handler.
static gboolean handle_ioctl(UMockdevIoctlBase *base, UMockdevIoctlClient *client, gpointer user) {
  (void)base;
  const node_handler *node = user;
  return node->handle(client, umockdev_ioctl_client_get_request(client), umockdev_ioctl_client_get_arg(client));
}

static int add_node(const char *description, const char *syspath, const char *devnode, const char *dev,
                    const node_handler *handler) {
  GError *err = NULL;
  if (!umockdev_testbed_add_from_string(testbed, description, &err)) {
    fprintf(stderr, "vigil-umockdev: add_from_string(%s): %s\n", devnode, err ? err->message : "?");
    return -1;
  }
  // libgpiod 1.6 compares the `dev` attribute with the node's major:minor, newline included.
  umockdev_testbed_set_attribute(testbed, syspath, "dev", dev);
  UMockdevIoctlBase *h = umockdev_ioctl_base_new();
  g_signal_connect(h, "handle-ioctl", G_CALLBACK(handle_ioctl), (gpointer)handler);
  if (!umockdev_testbed_attach_ioctl(testbed, devnode, h, &err)) {
    fprintf(stderr, "vigil-umockdev: attach_ioctl(%s): %s\n", devnode, err ? err->message : "?");
    return -1;
  }
  return 0;
}

static const char *i2c_syspath = "/sys/devices/platform/soc/fe804000.i2c/i2c-1/i2c-dev/i2c-1";


// Removing the device from the testbed and adding it again trips an assertion in umockdev 0.17.16
// (create_node_for_device: dev_fd still holds the node), so the node is renamed away and back instead:
// an open() in between fails with ENOENT, as it does when a USB I2C adapter is unplugged.
static int rename_node(const char *from, const char *to) {
  char a[4096], b[4096];
  snprintf(a, sizeof a, "%s%s", vh_root(), from);
  snprintf(b, sizeof b, "%s%s", vh_root(), to);
  return rename(a, b) == 0 ? 0 : -1;
}
int vh_remove_i2c(void) { return rename_node("/dev/i2c-1", "/dev/.i2c-1.unplugged"); }
int vh_add_i2c(void) { return rename_node("/dev/.i2c-1.unplugged", "/dev/i2c-1"); }

int vh_start(vh_bus_callbacks callbacks, const char *gpio_label, uint32_t gpio_lines) {
  const char *preload = getenv("LD_PRELOAD");
  if (!preload || !strstr(preload, "libumockdev-preload")) {
    fprintf(stderr, "vigil-umockdev: not under umockdev-wrapper (run: umockdev-wrapper vigil-umockdev ...)\n");
    return -1;
  }
  signal(SIGPIPE, SIG_IGN);  // a write to a released line's pipe fails with EPIPE instead
  bus = callbacks;
  snprintf(chip_label, sizeof chip_label, "%s", gpio_label);
  chip_lines = gpio_lines;
  for (int i = 0; i < LINES_MAX; i++) { event_write_fd[i] = -1; output_level[i] = -1; }
  testbed = umockdev_testbed_new();
  if (!testbed) { fprintf(stderr, "vigil-umockdev: cannot create the testbed\n"); return -1; }
  GError *err = NULL;
  if (!umockdev_testbed_add_from_string(testbed, adapter_description, &err)) {
    fprintf(stderr, "vigil-umockdev: add_from_string(i2c adapter): %s\n", err ? err->message : "?");
    return -1;
  }
  if (add_node(i2c_description, i2c_syspath, "/dev/i2c-1", "89:1\n", &i2c_node) < 0) return -1;
  if (add_node(gpio_description, "/sys/devices/platform/soc/fe200000.gpio/gpiochip0", "/dev/gpiochip0", "254:0\n",
               &gpio_node) < 0) return -1;
  return 0;
}

void vh_stop(void) {
  if (testbed) g_object_unref(testbed);  // removes the testbed's temporary directory
  testbed = NULL;
}

const char *vh_root(void) { return testbed ? umockdev_testbed_get_root_dir(testbed) : ""; }
