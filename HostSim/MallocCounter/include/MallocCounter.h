// A thread-local count of heap allocations, by interposing malloc, calloc, realloc, posix_memalign,
// aligned_alloc, memalign and valloc in the process that links this target (tests, benchmarks).
// Each thread counts only its own calls, so tests running in parallel do not disturb each other.
#pragma once
#include <stdint.h>

/// Allocation calls made by the calling thread since it started.
uint64_t vigil_malloc_count(void);
/// Bytes requested by the calling thread since it started.
uint64_t vigil_malloc_bytes(void);
