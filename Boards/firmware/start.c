// Freestanding start-up and the few C library functions the objects need (no libc is linked):
// _start → main → exit_group; memcpy, memmove, memset; the ARM EABI memory helpers the Swift objects call
// on 32-bit ARM. 64-bit division helpers (__aeabi_ldivmod ...) come from libgcc.
#include "platform.h"

int main(int argc, char **argv);

__attribute__((used)) void vigil_c_start(long *sp) {
  int argc = (int)sp[0];
  char **argv = (char **)(sp + 1);
  plat_exit(main(argc, argv));
}

#if defined(__aarch64__)
__asm__(".text\n.global _start\n.type _start,%function\n_start:\n  mov x29, #0\n  mov x30, #0\n  mov x0, sp\n  and sp, x0, #-16\n  bl vigil_c_start\n");
#else
__asm__(".text\n.global _start\n.type _start,%function\n_start:\n  mov fp, #0\n  mov lr, #0\n  mov r0, sp\n  bic sp, sp, #7\n  bl vigil_c_start\n");
#endif

// Word at a time when both pointers are aligned (the Swift objects copy structs of hundreds of bytes).
void *memcpy(void *d, const void *s, size_t n) {
  unsigned char *dp = d; const unsigned char *sp = s;
  if ((((uintptr_t)dp | (uintptr_t)sp) & (sizeof(uintptr_t) - 1)) == 0) {
    uintptr_t *dw = (uintptr_t *)dp; const uintptr_t *sw = (const uintptr_t *)sp;
    for (; n >= sizeof(uintptr_t); n -= sizeof(uintptr_t)) *dw++ = *sw++;
    dp = (unsigned char *)dw; sp = (const unsigned char *)sw;
  }
  while (n--) *dp++ = *sp++;
  return d;
}
void *memmove(void *d, const void *s, size_t n) {
  unsigned char *dp = d; const unsigned char *sp = s;
  if (dp < sp) { while (n--) *dp++ = *sp++; }
  else { dp += n; sp += n; while (n--) *--dp = *--sp; }
  return d;
}
void *memset(void *d, int c, size_t n) {
  unsigned char *dp = d;
  if (((uintptr_t)dp & (sizeof(uintptr_t) - 1)) == 0) {
    uintptr_t w = (unsigned char)c;
    w |= w << 8; w |= w << 16;
    if (sizeof(uintptr_t) == 8) w |= (uintptr_t)w << 16 << 16;
    uintptr_t *dw = (uintptr_t *)dp;
    for (; n >= sizeof(uintptr_t); n -= sizeof(uintptr_t)) *dw++ = w;
    dp = (unsigned char *)dw;
  }
  while (n--) *dp++ = (unsigned char)c;
  return d;
}

#if defined(__arm__)
void __aeabi_memcpy(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memcpy4(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memcpy8(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memmove(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memmove4(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memmove8(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memset(void *d, size_t n, int c) { memset(d, c, n); }
void __aeabi_memset4(void *d, size_t n, int c) { memset(d, c, n); }
void __aeabi_memset8(void *d, size_t n, int c) { memset(d, c, n); }
void __aeabi_memclr(void *d, size_t n) { memset(d, 0, n); }
void __aeabi_memclr4(void *d, size_t n) { memset(d, 0, n); }
void __aeabi_memclr8(void *d, size_t n) { memset(d, 0, n); }
#endif

#if defined(__arm__)
/// libgcc's division-by-zero handler calls raise(SIGFPE): end the process as that signal would.
int raise(int sig) { plat_exit(128 + sig); return 0; }
#endif
