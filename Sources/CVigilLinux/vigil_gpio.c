// The GPIO half of the shim: the data-ready line (rising edges with kernel timestamps) and the alarm output,
// through libgpiod's v1 or v2 API. See include/CVigilLinux.h for the conventions (0 / fd, or −errno).
#include "shim.h"

// MARK: GPIO (libgpiod)

// The API: -DVIGIL_GPIOD_API=1|2 from pkg-config's libgpiod version, else from the header (1.x defines
// GPIOD_LINE_BULK_MAX_LINES, 2.x does not).
#if !defined(VIGIL_GPIOD_API)
#  if defined(GPIOD_LINE_BULK_MAX_LINES)
#    define VIGIL_GPIOD_API 1
#  else
#    define VIGIL_GPIOD_API 2
#  endif
#elif (VIGIL_GPIOD_API == 1) != defined(GPIOD_LINE_BULK_MAX_LINES)
#  error "VIGIL_GPIOD_API (from pkg-config's libgpiod version) does not match the gpiod.h found"
#endif

int vigil_gpio_api(void) { return VIGIL_GPIOD_API; }

static int all_digits(const char *s) {
  if (!*s) return 0;
  for (; *s; s++) if (*s < '0' || *s > '9') return 0;
  return 1;
}

// Whether chip `c` carries `label`.
static int chip_has_label(struct gpiod_chip *c, const char *label) {
#if VIGIL_GPIOD_API == 1
  const char *l = gpiod_chip_label(c);
  return l && strcmp(l, label) == 0;
#else
  struct gpiod_chip_info *info = gpiod_chip_get_info(c);
  if (!info) return 0;
  const char *l = gpiod_chip_info_get_label(info);
  int same = l && strcmp(l, label) == 0;
  gpiod_chip_info_free(info);
  return same;
#endif
}

// A path ("/dev/gpiochip0"), a name ("gpiochip0"), a number ("0"), or else a label.
static struct gpiod_chip *open_chip(const char *chip, int *error) {
  char path[64];
  struct gpiod_chip *c;
  if (chip[0] == '/') snprintf(path, sizeof path, "%s", chip);
  else if (all_digits(chip)) snprintf(path, sizeof path, "/dev/gpiochip%s", chip);
  else if (strncmp(chip, "gpiochip", 8) == 0 && all_digits(chip + 8)) snprintf(path, sizeof path, "/dev/%s", chip);
  else path[0] = 0;
  if (path[0]) {
    errno = 0;
    c = gpiod_chip_open(path);  // both APIs check that it is a GPIO character device (sysfs)
    if (!c) *error = neg_errno();
    return c;
  }
  // A label: open each existing /dev/gpiochipN and compare.
  int first_error = 0;
  for (unsigned n = 0; n < 64; n++) {
    snprintf(path, sizeof path, "/dev/gpiochip%u", n);
    if (access(path, F_OK) != 0) continue;  // chip numbers can be sparse
    errno = 0;
    c = gpiod_chip_open(path);
    if (!c) {
      if (!first_error) first_error = neg_errno();
      continue;
    }
    if (chip_has_label(c, chip)) return c;
    gpiod_chip_close(c);
  }
  // Nothing carries that label: report why a chip could not be opened (e.g. EACCES) if one could not be.
  *error = first_error ? first_error : -ENODEV;
  return NULL;
}

static int request_rising(vigil_gpio_line *out, struct gpiod_chip *c, uint32_t offset, const char *consumer);
static int request_output(vigil_gpio_output *out, struct gpiod_chip *c, uint32_t offset, const char *consumer,
                          int active_low, int value);

// Opens `chip` and requests line `offset` on it under `consumer`: for rising-edge events into `in`, or else
// as an output into `out` (`active_low`, initial `value`). The chip goes to *kept, or is closed again when
// the request fails. 0 or −errno.
static int open_line(const char *chip, uint32_t offset, const char *consumer, vigil_gpio_line *in,
                     vigil_gpio_output *out, int active_low, int value, void **kept) {
  int error = -EIO;
  struct gpiod_chip *c = open_chip(chip, &error);
  if (!c) return error;
  int r = in ? request_rising(in, c, offset, consumer) : request_output(out, c, offset, consumer, active_low, value);
  if (r < 0) gpiod_chip_close(c);
  else *kept = c;
  return r;
}

// Closed: zeroed, no fd / no value.
static void reset_line(vigil_gpio_line *l) { memset(l, 0, sizeof *l); l->fd = -1; }
static void reset_output(vigil_gpio_output *o) { memset(o, 0, sizeof *o); o->value = -1; }

#if VIGIL_GPIOD_API == 1
static int request_rising(vigil_gpio_line *out, struct gpiod_chip *c, uint32_t offset, const char *consumer) {
  errno = 0;
  struct gpiod_line *line = gpiod_chip_get_line(c, offset);
  if (!line) return neg_errno();
  errno = 0;
  if (gpiod_line_request_rising_edge_events(line, consumer) < 0) return neg_errno();
  out->line = line;
  out->fd = gpiod_line_event_get_fd(line);
  return 0;
}
#else
static int request_rising(vigil_gpio_line *out, struct gpiod_chip *c, uint32_t offset, const char *consumer) {
  int result = -ENOMEM;
  unsigned int off = offset;
  struct gpiod_line_settings *settings = gpiod_line_settings_new();
  struct gpiod_line_config *line_config = gpiod_line_config_new();
  struct gpiod_request_config *request_config = gpiod_request_config_new();
  struct gpiod_edge_event_buffer *buffer = gpiod_edge_event_buffer_new(16);
  struct gpiod_line_request *request = NULL;
  if (!settings || !line_config || !request_config || !buffer) goto out;
  errno = 0;
  if (gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_INPUT) < 0 ||
      gpiod_line_settings_set_edge_detection(settings, GPIOD_LINE_EDGE_RISING) < 0 ||
      gpiod_line_settings_set_event_clock(settings, GPIOD_LINE_CLOCK_MONOTONIC) < 0 ||
      gpiod_line_config_add_line_settings(line_config, &off, 1, settings) < 0) {
    result = neg_errno();
    goto out;
  }
  gpiod_request_config_set_consumer(request_config, consumer);
  gpiod_request_config_set_event_buffer_size(request_config, 16);
  errno = 0;
  request = gpiod_chip_request_lines(c, request_config, line_config);
  if (!request) { result = neg_errno(); goto out; }
  out->line = request;
  out->buffer = buffer;
  out->fd = gpiod_line_request_get_fd(request);
  buffer = NULL;
  result = 0;
out:
  if (buffer) gpiod_edge_event_buffer_free(buffer);
  gpiod_request_config_free(request_config);
  gpiod_line_config_free(line_config);
  gpiod_line_settings_free(settings);
  return result;
}
#endif

int vigil_gpio_open(vigil_gpio_line *out, const char *chip, uint32_t offset, const char *consumer) {
  reset_line(out);
  int r = open_line(chip, offset, consumer, out, NULL, 0, 0, &out->chip);
  if (r < 0) reset_line(out);
  return r;
}

// Reads the kernel's queued edges (at least one is ready) into l->timestamps; returns how many or −errno.
static int read_edges(vigil_gpio_line *l) {
  errno = 0;
#if VIGIL_GPIOD_API == 1
  struct gpiod_line_event events[16];
  int n = gpiod_line_event_read_multiple((struct gpiod_line *)l->line, events, 16);
  if (n < 0) return neg_errno();
  for (int i = 0; i < n; i++) {
    if (events[i].event_type != GPIOD_LINE_EVENT_RISING_EDGE) continue;
    l->timestamps[l->queued++] = (uint64_t)events[i].ts.tv_sec * 1000000000u + (uint64_t)events[i].ts.tv_nsec;
  }
#else
  struct gpiod_edge_event_buffer *buffer = (struct gpiod_edge_event_buffer *)l->buffer;
  int n = gpiod_line_request_read_edge_events((struct gpiod_line_request *)l->line, buffer, 16);
  if (n < 0) return neg_errno();
  for (int i = 0; i < n; i++) {
    struct gpiod_edge_event *e = gpiod_edge_event_buffer_get_event(buffer, (unsigned long)i);
    if (!e) continue;
    // The kernel numbers each line's edges from 1; a gap is edges it dropped (its buffer overflowed).
    uint64_t seq = gpiod_edge_event_get_line_seqno(e);
    if (seq > l->last_seqno + 1) l->lost += (uint32_t)(seq - l->last_seqno - 1);
    if (seq > l->last_seqno) l->last_seqno = seq;
    if (gpiod_edge_event_get_event_type(e) != GPIOD_EDGE_EVENT_RISING_EDGE) continue;
    l->timestamps[l->queued++] = gpiod_edge_event_get_timestamp_ns(e);
  }
#endif
  return (int)l->queued;
}

int vigil_gpio_wait(vigil_gpio_line *l, uint64_t timeout_ns, uint64_t *timestamp_ns) {
  if (!l->line) return -EBADF;
  if (l->next >= l->queued) {
    l->next = l->queued = 0;
    errno = 0;
#if VIGIL_GPIOD_API == 1
    struct timespec ts = {.tv_sec = (time_t)(timeout_ns / 1000000000u), .tv_nsec = (long)(timeout_ns % 1000000000u)};
    int r = gpiod_line_event_wait((struct gpiod_line *)l->line, &ts);
#else
    int64_t t = timeout_ns > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)timeout_ns;
    int r = gpiod_line_request_wait_edge_events((struct gpiod_line_request *)l->line, t);
#endif
    if (r < 0) return neg_errno();
    if (r == 0) return 0;
    int n = read_edges(l);
    if (n < 0) return n;
    if (n == 0) return 0;
  }
  *timestamp_ns = l->timestamps[l->next++];
  return 1;
}

// Releases a line request (v1: struct gpiod_line *, v2: struct gpiod_line_request *) and closes its chip.
static void release_line(void *chip, void *line) {
#if VIGIL_GPIOD_API == 1
  if (line) gpiod_line_release((struct gpiod_line *)line);
#else
  if (line) gpiod_line_request_release((struct gpiod_line_request *)line);
#endif
  if (chip) gpiod_chip_close((struct gpiod_chip *)chip);
}

void vigil_gpio_close(vigil_gpio_line *l) {
#if VIGIL_GPIOD_API != 1
  if (l->buffer) gpiod_edge_event_buffer_free((struct gpiod_edge_event_buffer *)l->buffer);
#endif
  release_line(l->chip, l->line);
  l->line = l->chip = l->buffer = NULL;
  l->fd = -1;
  l->queued = l->next = 0;
}

// MARK: GPIO output

#if VIGIL_GPIOD_API == 1
static int request_output(vigil_gpio_output *out, struct gpiod_chip *c, uint32_t offset, const char *consumer,
                          int active_low, int value) {
  errno = 0;
  struct gpiod_line *line = gpiod_chip_get_line(c, offset);
  if (!line) return neg_errno();
  errno = 0;
  if (gpiod_line_request_output_flags(line, consumer, active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0,
                                      value ? 1 : 0) < 0) return neg_errno();
  out->line = line;
  return 0;
}
#else
static int request_output(vigil_gpio_output *out, struct gpiod_chip *c, uint32_t offset, const char *consumer,
                          int active_low, int value) {
  int result = -ENOMEM;
  unsigned int off = offset;
  struct gpiod_line_settings *settings = gpiod_line_settings_new();
  struct gpiod_line_config *line_config = gpiod_line_config_new();
  struct gpiod_request_config *request_config = gpiod_request_config_new();
  struct gpiod_line_request *request = NULL;
  if (!settings || !line_config || !request_config) goto out;
  errno = 0;
  gpiod_line_settings_set_active_low(settings, active_low ? true : false);
  if (gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_OUTPUT) < 0 ||
      gpiod_line_settings_set_output_value(settings, value ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE) < 0 ||
      gpiod_line_config_add_line_settings(line_config, &off, 1, settings) < 0) {
    result = neg_errno();
    goto out;
  }
  gpiod_request_config_set_consumer(request_config, consumer);
  errno = 0;
  request = gpiod_chip_request_lines(c, request_config, line_config);
  if (!request) { result = neg_errno(); goto out; }
  out->line = request;
  result = 0;
out:
  gpiod_request_config_free(request_config);
  gpiod_line_config_free(line_config);
  gpiod_line_settings_free(settings);
  return result;
}
#endif

int vigil_gpio_output_open(vigil_gpio_output *out, const char *chip, uint32_t offset, const char *consumer,
                           int active_low, int value) {
  reset_output(out);
  int r = open_line(chip, offset, consumer, NULL, out, active_low, value, &out->chip);
  if (r < 0) {
    reset_output(out);
    return r;
  }
  out->offset = offset;
  out->value = value ? 1 : 0;
  return 0;
}

int vigil_gpio_output_set(vigil_gpio_output *out, int value) {
  if (!out->line) return -EBADF;
  errno = 0;
#if VIGIL_GPIOD_API == 1
  int r = gpiod_line_set_value((struct gpiod_line *)out->line, value ? 1 : 0);
#else
  int r = gpiod_line_request_set_value((struct gpiod_line_request *)out->line, out->offset,
                                       value ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE);
#endif
  if (r < 0) return neg_errno();
  out->value = value ? 1 : 0;
  return 0;
}

void vigil_gpio_output_close(vigil_gpio_output *out) {
  release_line(out->chip, out->line);
  out->line = out->chip = NULL;
  out->value = -1;
}

