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
//   --binary    events as 58-byte binary frames instead of JSON lines
//   --scores    also print every window's score: "score <window> <value>" (value in detector units)
//   --chunk     frames per push (a sensor FIFO read), default 32
// Exit status: 0 ok, 1 bad input (message on stderr), 2 bad usage.
// Uses only open/read/write/exit (platform.h): no stdio, so a static binary stays small.

#include "platform.h"

int32_t vigil_monitor_init(const uint8_t *model, int32_t count);
int32_t vigil_monitor_push(const int16_t *samples, int32_t count, uint64_t timestamp, int32_t binary,
                           uint8_t *events, int32_t capacity, int32_t *scores);
void vigil_monitor_start_segment(void);
int32_t vigil_monitor_windows(void);
int32_t vigil_monitor_axes(void);
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
static int fail(const char *a, const char *b, const char *c) {
  flush();
  plat_write(2, "vigil-replay: ", 14);
  plat_write(2, a, length(a)); plat_write(2, b, length(b)); plat_write(2, c, length(c));
  plat_write(2, "\n", 1);
  return 1;
}

/// Reads up to `n` bytes, retrying short reads; returns the count (less only at the end of the input).
static size_t read_full(long fd, void *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    long r = plat_read(fd, (char *)buf + got, n - got);
    if (r <= 0) break;
    got += (size_t)r;
  }
  return got;
}

static void emit(int32_t n, int show_scores, int32_t first_window, int32_t windows_after) {
  if (show_scores) {
    for (int32_t w = first_window; w < windows_after; w++) {
      put("score ", 6); put_int(w); put(" ", 1); put_int(scores[w - first_window]); put("\n", 1);
    }
  }
  if (n > 0) put(events, (size_t)n);
}

/// Pushes `frames` frames (−1: to the end) from `fd` in chunks; returns 1 if the input ends early.
static int run_segment(long fd, long frames, int axes, int chunk, uint64_t timestamp, int binary, int show_scores) {
  long left = frames;
  while (left != 0) {
    long want = (left < 0 || left > chunk) ? chunk : left;
    size_t bytes = read_full(fd, samples, (size_t)want * sizeof(int16_t) * (size_t)axes);
    size_t got = bytes / (sizeof(int16_t) * (size_t)axes);
    if (got == 0) return left > 0;
    int32_t before = vigil_monitor_windows();
    int32_t n = vigil_monitor_push(samples, (int32_t)(got * (size_t)axes), timestamp, binary, events,
                                   (int32_t)sizeof events, show_scores ? scores : 0);
    emit(n, show_scores, before, vigil_monitor_windows());
    if (left > 0) left -= (long)got;
    if ((long)got < want) return left > 0;
  }
  return 0;
}

/// Parses "time_s,frames" at p (time: digits with an optional fraction, at most 10^9 s; frames: 1...2^20,
/// the host reader's limits); returns the next line or 0. On a bad row *why says what is wrong.
static const uint8_t *parse_row(const uint8_t *p, const uint8_t *end, uint64_t *us, long *frames, const char **why) {
  uint64_t whole = 0, frac = 0, scale = 1;
  long n = 0;
  int digits = 0, fd = 0;
  *why = "expected 'time_s,frames'";
  while (p < end && *p >= '0' && *p <= '9') { if (digits < 12) whole = whole * 10 + (uint64_t)(*p - '0'); p++; digits++; }
  if (p < end && *p == '.') {
    p++;
    while (p < end && *p >= '0' && *p <= '9') { if (scale < 1000000ULL) { frac = frac * 10 + (uint64_t)(*p - '0'); scale *= 10; } p++; }
  }
  if (digits && p < end && *p == ',') {
    p++;
    while (p < end && *p >= '0' && *p <= '9') { if (fd < 9) n = n * 10 + (*p - '0'); p++; fd++; }
    while (p < end && (*p == '\r' || *p == ' ')) p++;
    if (fd && (p == end || *p == '\n')) {
      if (digits > 12 || whole > 1000000000ULL) *why = "time beyond 10^9 s";
      else if (fd > 9 || n < 1 || n > 1048576) *why = "frames must be 1...1048576";
      else { *why = 0; *us = whole * 1000000 + frac * 1000000 / scale; *frames = n; }
    }
  }
  while (p < end && *p != '\n') p++;
  return p < end ? p + 1 : 0;
}

/// Walks the index in index_buffer: checks every row (pass 0) or replays its segments (pass 1).
static int run_index(const char *segments_path, const char *input_path, size_t size, int pass, long in, int axes,
                     int chunk, int binary, int show_scores) {
  const uint8_t *p = index_buffer, *end = index_buffer + size;
  uint64_t previous = 0;
  int line = 0, rows = 0;
  while (p && p < end) {
    line++;
    if (*p == '\n' || *p == '\r' || (line == 1 && *p == 't')) { while (p < end && *p != '\n') p++; p = p < end ? p + 1 : 0; continue; }
    uint64_t us; long frames; const char *why;
    p = parse_row(p, end, &us, &frames, &why);
    if (!why && rows > 0 && us <= previous) why = "time not after the previous row's";
    if (why) {
      char text[96], num[24];
      size_t k = 0, w = length(why);
      for (size_t i = 0; i < w && k < 60; i++) text[k++] = why[i];
      const char *on = " on line ";
      for (size_t i = 0; on[i]; i++) text[k++] = on[i];
      format_int(line, num);
      for (size_t i = 0; num[i]; i++) text[k++] = num[i];
      text[k] = 0;
      return fail(segments_path, ": ", text);
    }
    previous = us; rows++;
    if (pass == 1) {
      vigil_monitor_start_segment();
      if (run_segment(in, frames, axes, chunk, us / 1000, binary, show_scores))
        return fail(input_path, ": the input ends inside a segment listed in ", segments_path);
    }
  }
  if (rows == 0) return fail(segments_path, ": no 'time_s,frames' rows", "");
  if (pass == 1) {
    uint8_t extra;
    if (read_full(in, &extra, 1) == 1) return fail(input_path, ": the input has frames after the last segment of ", segments_path);
  }
  return 0;
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
  long in = same(input_path, "-") ? 0 : plat_open(input_path);
  if (in < 0) return fail(input_path, ": cannot open the input", "");
  int status = 0;
  if (segments_path) {
    long f = plat_open(segments_path);
    if (f < 0) return fail(segments_path, ": cannot open the segment index", "");
    size_t size = read_full(f, index_buffer, sizeof index_buffer);
    plat_close(f);
    if (size == sizeof index_buffer) return fail(segments_path, ": segment index too large", "");
    status = run_index(segments_path, input_path, size, 0, in, axes, chunk, binary, show_scores);   // check it all first
    if (status == 0) status = run_index(segments_path, input_path, size, 1, in, axes, chunk, binary, show_scores);
  } else {
    status = run_segment(in, -1, axes, chunk, 0, binary, show_scores);
  }
  flush();
  return status;
}
