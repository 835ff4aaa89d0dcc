// vigil-replay: the firmware's replay entry point. Runs recorded Int16 samples through the same core the
// device runs (Embedded Swift, statically linked) and writes what the device would send.
//
//   vigil-replay [--model FILE.vglm] [--input FILE.i16 | -] [--segments FILE.csv] [--binary] [--scores]
//                [--chunk FRAMES]
//
//   --model     model file; default: the model compiled into this binary
//   --input     interleaved little-endian Int16 samples (the model's axis count); default: standard input
//   --segments  "time_s,frames" rows: the input is that sequence of snapshots (each its own segment;
//               events carry time_s × 1000, truncated, as their timestamp); default: one continuous segment
//               (events carry the time of the end of their chunk: frames so far / the model's rate, in ms)
//   --binary    events as 58-byte binary frames instead of JSON lines
//   --scores    also print every window's score: "score <window> <value>" (value in detector units)
//   --chunk     frames per push (a sensor FIFO read), default 32
// At the end a summary goes to stderr: "vigil-replay: W windows scored, E events (F frames, S segments)".
// An input that scores no window (every segment shorter than the model's window, an empty input), a
// folder or unreadable input, an input that ends inside a frame, or an input whose `<input>.json` sidecar
// (written by `vigil-sim export`) names other axes or another rate than the model's is an error.
// Exit status: 0 ok, 1 bad input (message on stderr), 2 bad usage.
// Uses only open/read/write/exit (platform.h): no stdio, so a static binary stays small.

#include "platform.h"

int32_t vigil_monitor_init(const uint8_t *model, int32_t count);
int32_t vigil_monitor_push(const int16_t *samples, int32_t count, uint64_t timestamp, int32_t binary,
                           uint8_t *events, int32_t capacity, int32_t *scores);
void vigil_monitor_start_segment(void);
int32_t vigil_monitor_windows(void);
int32_t vigil_monitor_axes(void);
int32_t vigil_monitor_window_frames(void);
uint32_t vigil_monitor_rate_millihz(void);
const char *vigil_model_error_message(int32_t code);

extern const uint8_t vigil_compiled_model[];
extern const uint32_t vigil_compiled_model_size;

static uint8_t model_buffer[16 * 1024];
static int16_t samples[4096 * 3];
static uint8_t events[64 * 1024];
static int32_t scores[4096];
static char out[8192];
static size_t out_used;
static uint8_t index_buffer[128 * 1024];   // a segment index: ~12 bytes a snapshot
static char sidecar_path[4096];
static uint8_t sidecar[4096];

/// What the input held, for the summary and the "no window scored" diagnosis.
static long total_frames, longest_segment, event_count;
static int32_t segment_count;
static int binary_events;

static size_t length(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static int same(const char *a, const char *b) { while (*a && *a == *b) { a++; b++; } return *a == *b; }

static void flush(void) {
  size_t done = 0;
  while (done < out_used) {
    long n = plat_write(1, out + done, out_used - done);
    if (n <= 0) plat_exit(1);
    done += (size_t)n;
  }
  out_used = 0;
}
static void put(const void *p, size_t n) {
  const char *c = p;
  for (size_t i = 0; i < n; i++) { if (out_used == sizeof out) flush(); out[out_used++] = c[i]; }
}
/// Writes v in decimal, NUL-terminated, into text (24 bytes); returns its length.
static size_t format_int(long v, char *text) {
  char d[24]; size_t n = 0, k = 0;
  unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
  do { d[n++] = (char)('0' + u % 10); u /= 10; } while (u);
  if (v < 0) text[k++] = '-';
  while (n) text[k++] = d[--n];
  text[k] = 0;
  return k;
}
static void put_int(long v) { char text[24]; put(text, format_int(v, text)); }
/// Concatenates `n` strings into `buf` (capacity `cap`, truncated, NUL-terminated); returns `buf`.
static const char *join(char *buf, size_t cap, const char **parts, int n) {
  size_t k = 0;
  for (int i = 0; i < n; i++) for (const char *c = parts[i]; *c && k + 1 < cap; c++) buf[k++] = *c;
  buf[k] = 0;
  return buf;
}
static int fail(const char *a, const char *b, const char *c) {
  flush();
  plat_write(2, "vigil-replay: ", 14);
  plat_write(2, a, length(a)); plat_write(2, b, length(b)); plat_write(2, c, length(c));
  plat_write(2, "\n", 1);
  return 1;
}

/// Set when a read fails (a folder, an I/O error) rather than reaching the end of the input.
static int read_failed;

/// Reads up to `n` bytes, retrying short reads; returns the count (less at the end of the input, or on a
/// failed read, which sets `read_failed`).
static size_t read_full(long fd, void *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    long r = plat_read(fd, (char *)buf + got, n - got);
    if (r < 0 && r != -4 /* EINTR (raw system call) */) { read_failed = 1; break; }
    if (r == 0) break;
    if (r > 0) got += (size_t)r;
  }
  return got;
}

static void emit(int32_t n, int show_scores, int32_t first_window, int32_t windows_after) {
  if (show_scores) {
    for (int32_t w = first_window; w < windows_after; w++) {
      put("score ", 6); put_int(w); put(" ", 1); put_int(scores[w - first_window]); put("\n", 1);
    }
  }
  if (n > 0) {
    put(events, (size_t)n);
    if (binary_events) event_count += n / 58;
    else for (int32_t i = 0; i < n; i++) event_count += events[i] == '\n';
  }
}

/// Pushes `frames` frames (−1: to the end) from `fd` in chunks; returns 1 if the input ends early, 2 if it
/// ends inside a frame, 3 if a read fails.
static int run_segment(long fd, long frames, int axes, int chunk, uint64_t timestamp, int binary, int show_scores) {
  long left = frames, pushed = 0;
  segment_count++;
  while (left != 0) {
    long want = (left < 0 || left > chunk) ? chunk : left;
    size_t bytes = read_full(fd, samples, (size_t)want * sizeof(int16_t) * (size_t)axes);
    size_t got = bytes / (sizeof(int16_t) * (size_t)axes);
    if (read_failed) return 3;
    if (bytes % (sizeof(int16_t) * (size_t)axes)) return 2;
    pushed += (long)got;
    total_frames += (long)got;
    if (pushed > longest_segment) longest_segment = pushed;
    if (got == 0) return left > 0;
    int32_t before = vigil_monitor_windows();
    // One continuous segment (no index): time from the sample count, as a device clock would give it.
    uint32_t rate = vigil_monitor_rate_millihz();
    uint64_t at = frames < 0 && rate ? (uint64_t)pushed * 1000000ULL / rate : timestamp;
    int32_t n = vigil_monitor_push(samples, (int32_t)(got * (size_t)axes), at, binary, events,
                                   (int32_t)sizeof events, show_scores ? scores : 0);
    emit(n, show_scores, before, vigil_monitor_windows());
    if (left > 0) left -= (long)got;
    if ((long)got < want) return left > 0;
  }
  return 0;
}

/// Parses "time_s,frames" (time: digits with an optional fraction) at p; returns the next line or 0.
static const uint8_t *parse_row(const uint8_t *p, const uint8_t *end, uint64_t *ms, long *frames, int *ok) {
  uint64_t whole = 0, frac = 0, scale = 1;
  long n = 0;
  int digits = 0;
  *ok = 0;
  while (p < end && *p >= '0' && *p <= '9') { whole = whole * 10 + (uint64_t)(*p++ - '0'); digits++; }
  if (p < end && *p == '.') {
    p++;
    while (p < end && *p >= '0' && *p <= '9') { if (scale < 1000000000ULL) { frac = frac * 10 + (uint64_t)(*p - '0'); scale *= 10; } p++; }
  }
  if (digits && p < end && *p == ',') {
    p++;
    int fd = 0;
    while (p < end && *p >= '0' && *p <= '9') { n = n * 10 + (*p++ - '0'); fd++; }
    if (fd && n > 0) { *ok = 1; *ms = whole * 1000 + frac * 1000 / scale; *frames = n; }
  }
  while (p < end && *p != '\n') p++;
  return p < end ? p + 1 : 0;
}

/// The number after `"key":` in `text` (digits with an optional fraction, × `scale`), or −1 if absent.
static long json_number(const uint8_t *text, size_t size, const char *key, long scale) {
  size_t k = length(key);
  for (size_t i = 0; i + k + 2 < size; i++) {
    if (text[i] != '"') continue;
    size_t j = 0;
    while (j < k && text[i + 1 + j] == (uint8_t)key[j]) j++;
    if (j < k || text[i + 1 + k] != '"') continue;
    size_t p = i + 2 + k;
    while (p < size && (text[p] == ' ' || text[p] == ':')) p++;
    long whole = 0, frac = 0, div = 1;
    int digits = 0;
    while (p < size && text[p] >= '0' && text[p] <= '9' && whole < 100000000) { whole = whole * 10 + (text[p++] - '0'); digits++; }
    if (p < size && text[p] == '.') {
      p++;
      while (p < size && text[p] >= '0' && text[p] <= '9') { if (div < 1000) { frac = frac * 10 + (text[p] - '0'); div *= 10; } p++; }
    }
    return digits ? whole * scale + frac * scale / div : -1;
  }
  return -1;
}

/// Checks the input's `<input>.json` sidecar (if any) against the running model: same axes, same rate.
static int check_sidecar(const char *input_path) {
  size_t n = length(input_path);
  if (n + 6 > sizeof sidecar_path) return 0;
  for (size_t i = 0; i < n; i++) sidecar_path[i] = input_path[i];
  const char *ext = ".json";
  for (size_t i = 0; i < 6; i++) sidecar_path[n + i] = ext[i];
  long f = plat_open(sidecar_path);
  if (f < 0) return 0;   // no sidecar: nothing to check
  size_t size = read_full(f, sidecar, sizeof sidecar);
  plat_close(f);
  read_failed = 0;
  long axes = json_number(sidecar, size, "axes", 1), rate = json_number(sidecar, size, "sampleRate", 1000);
  char a[24], b[24], msg[96];
  if (axes > 0 && axes != vigil_monitor_axes()) {
    format_int(axes, a); format_int(vigil_monitor_axes(), b);
    const char *parts[] = {": the input has ", a, " axes; the model expects ", b};
    return fail(sidecar_path, join(msg, sizeof msg, parts, 4), "");
  }
  uint32_t model_rate = vigil_monitor_rate_millihz();
  if (rate > 0 && model_rate != 0 && (uint32_t)rate != model_rate) {
    format_int(rate / 1000, a); format_int((long)(model_rate / 1000), b);
    const char *parts[] = {": the input is ", a, " Hz; the model was made for ", b, " Hz"};
    return fail(sidecar_path, join(msg, sizeof msg, parts, 5), "");
  }
  return 0;
}

/// The summary on stderr: windows scored, events, frames, segments.
static void summary(void) {
  char text[24];
  plat_write(2, "vigil-replay: ", 14);
  plat_write(2, text, format_int(vigil_monitor_windows(), text)); plat_write(2, " windows scored, ", 17);
  plat_write(2, text, format_int(event_count, text)); plat_write(2, " events (", 9);
  plat_write(2, text, format_int(total_frames, text)); plat_write(2, " frames, ", 9);
  plat_write(2, text, format_int(segment_count, text)); plat_write(2, " segments)\n", 11);
}

int main(int argc, char **argv) {
  const char *model_path = 0, *input_path = "-", *segments_path = 0;
  int binary = 0, show_scores = 0, chunk = 32;
  for (int i = 1; i < argc; i++) {
    if (same(argv[i], "--model") && i + 1 < argc) model_path = argv[++i];
    else if (same(argv[i], "--input") && i + 1 < argc) input_path = argv[++i];
    else if (same(argv[i], "--segments") && i + 1 < argc) segments_path = argv[++i];
    else if (same(argv[i], "--binary")) binary = 1;
    else if (same(argv[i], "--scores")) show_scores = 1;
    else if (same(argv[i], "--chunk") && i + 1 < argc) {
      const char *s = argv[++i];
      chunk = 0;
      while (*s >= '0' && *s <= '9') chunk = chunk * 10 + (*s++ - '0');
      if (*s || chunk < 1 || chunk > 4096) { fail("--chunk must be 1...4096", "", ""); return 2; }
    } else {
      fail("usage: vigil-replay [--model FILE] [--input FILE|-] [--segments FILE] [--binary] [--scores] [--chunk N]", "", "");
      return 2;
    }
  }
  const uint8_t *model = vigil_compiled_model;
  int32_t model_size = (int32_t)vigil_compiled_model_size;
  if (model_path) {
    long f = plat_open(model_path);
    if (f < 0) return fail(model_path, ": cannot open the model file", "");
    model_size = (int32_t)read_full(f, model_buffer, sizeof model_buffer);
    plat_close(f);
    model = model_buffer;
  }
  int32_t rc = vigil_monitor_init(model, model_size);
  if (rc != 0) return fail(model_path ? model_path : "compiled-in model", ": ", vigil_model_error_message(rc));
  int axes = vigil_monitor_axes();
  binary_events = binary;
  long in = same(input_path, "-") ? 0 : plat_open(input_path);
  if (in < 0) return fail(input_path, ": cannot open the input", "");
  if (in != 0 && check_sidecar(input_path)) return 1;
  int status = 0;
  if (segments_path) {
    long f = plat_open(segments_path);
    if (f < 0) return fail(segments_path, ": cannot open the segment index", "");
    size_t size = read_full(f, index_buffer, sizeof index_buffer);
    plat_close(f);
    if (size == sizeof index_buffer) return fail(segments_path, ": segment index too large", "");
    const uint8_t *p = index_buffer, *end = index_buffer + size;
    int line = 0;
    while (p && p < end) {
      line++;
      if (*p == 't' || *p == '\n') { while (p < end && *p != '\n') p++; p = p < end ? p + 1 : 0; continue; }  // header, blank
      uint64_t ms; long frames; int ok;
      p = parse_row(p, end, &ms, &frames, &ok);
      if (!ok) { char num[24]; format_int(line, num); return fail(segments_path, ": expected 'time_s,frames' on line ", num); }
      vigil_monitor_start_segment();
      int r = run_segment(in, frames, axes, chunk, ms, binary, show_scores);
      if (r == 1) { status = fail(input_path, ": the input ends inside a segment listed in ", segments_path); break; }
      if (r) { status = r; break; }
    }
  } else {
    status = run_segment(in, -1, axes, chunk, 0, binary, show_scores);
  }
  flush();
  char num[24], longest[24], msg[256];
  if (status == 3) return fail(input_path, ": cannot read the input (a folder, or a read error)", "");
  if (status == 2) {
    format_int(axes, num);
    return fail(input_path, ": the input ends inside a frame; the model expects Int16 frames of this many axes: ", num);
  }
  if (status == 0 && vigil_monitor_windows() == 0) {
    if (total_frames == 0) return fail(input_path, ": no samples in the input", "");
    format_int(vigil_monitor_window_frames(), num); format_int(longest_segment, longest);
    const char *parts[] = {": no window scored: the model's window needs ", num, " frames in one segment; the longest segment here has ",
                           longest, " (train a model on these segments: vigil-sim train fits N to them)"};
    status = fail(input_path, join(msg, sizeof msg, parts, 5), "");
  }
  summary();
  return status;
}
