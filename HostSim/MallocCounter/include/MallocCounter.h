// A thread-local count of heap allocations, by interposing malloc, calloc, realloc, posix_memalign,
// aligned_alloc, memalign and valloc in the process that links this target (tests, benchmarks).
// Each thread counts only its own calls, so tests running in parallel do not disturb each other.
#pragma once
#include <stdint.h>

/// Allocation calls made by the calling thread since it started.
uint64_t vigil_malloc_count(void);
/// Bytes requested by the calling thread since it started.
uint64_t vigil_malloc_bytes(void);
/// Marks the calling thread as the tracked one: from now on its allocation calls are also counted in one
/// process-wide counter that any thread can read (e.g. a thread watching the tracked one's output).
void vigil_malloc_track_calling_thread(void);
/// Allocation calls the tracked thread made since it was marked.
uint64_t vigil_malloc_tracked_count(void);
