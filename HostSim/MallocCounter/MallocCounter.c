// See include/MallocCounter.h. Forwards to glibc's internal entry points (__libc_malloc & co.).
#define _GNU_SOURCE
#include "MallocCounter.h"
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void *__libc_valloc(size_t);

static __thread uint64_t calls;
static __thread uint64_t bytes;

uint64_t vigil_malloc_count(void) { return calls; }
uint64_t vigil_malloc_bytes(void) { return bytes; }

static __thread int tracked;
static uint64_t tracked_calls;

void vigil_malloc_track_calling_thread(void) { tracked = 1; }
uint64_t vigil_malloc_tracked_count(void) { return __atomic_load_n(&tracked_calls, __ATOMIC_SEQ_CST); }

static inline void note(size_t n) {
  calls++; bytes += n;
  if (tracked) __atomic_add_fetch(&tracked_calls, 1, __ATOMIC_SEQ_CST);
}

void *malloc(size_t n) { note(n); return __libc_malloc(n); }
void *calloc(size_t m, size_t n) { note(m * n); return __libc_calloc(m, n); }
void *realloc(void *p, size_t n) { note(n); return __libc_realloc(p, n); }
void *memalign(size_t a, size_t n) { note(n); return __libc_memalign(a, n); }
void *aligned_alloc(size_t a, size_t n) { note(n); return __libc_memalign(a, n); }
void *valloc(size_t n) { note(n); return __libc_valloc(n); }
int posix_memalign(void **out, size_t a, size_t n) {
  if (a < sizeof(void *) || (a & (a - 1)) != 0) return EINVAL;
  note(n);
  void *p = __libc_memalign(a, n);
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}
