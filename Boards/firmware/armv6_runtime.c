// ARM EABI integer-division helpers for ARMv6 (Pi Zero / Pi 1), used instead of libgcc's: Debian's armhf
// libgcc is built for ARMv7 + Thumb-2 and faults on an ARM1176, which also has no divide instruction.
// Shift-and-subtract only (no "/" or "%", so the compiler cannot call back into these helpers).
#include <stdint.h>

static uint64_t udivmod64(uint64_t n, uint64_t d, uint64_t *rem) {
  if (d == 0) { *rem = n; return ~(uint64_t)0; }   // as libgcc: no trap here
  uint64_t q = 0, r = 0;
  for (int i = 63; i >= 0; i--) {
    r = (r << 1) | ((n >> i) & 1);
    if (r >= d) { r -= d; q |= (uint64_t)1 << i; }
  }
  *rem = r;
  return q;
}

uint64_t vigil_udivmod64(uint64_t n, uint64_t d, uint64_t *rem) { return udivmod64(n, d, rem); }

uint64_t vigil_sdivmod64(int64_t n, int64_t d, int64_t *rem) {
  uint64_t un = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
  uint64_t ud = d < 0 ? (uint64_t)0 - (uint64_t)d : (uint64_t)d;
  uint64_t r;
  uint64_t q = udivmod64(un, ud, &r);
  *rem = n < 0 ? -(int64_t)r : (int64_t)r;          // remainder has the dividend's sign
  return ((n < 0) != (d < 0)) ? (uint64_t)0 - q : q;
}

static uint32_t udivmod32(uint32_t n, uint32_t d, uint32_t *rem) {
  if (d == 0) { *rem = n; return 0xFFFFFFFFu; }
  uint32_t q = 0, r = 0;
  for (int i = 31; i >= 0; i--) {
    r = (r << 1) | ((n >> i) & 1);
    if (r >= d) { r -= d; q |= (uint32_t)1 << i; }
  }
  *rem = r;
  return q;
}

uint32_t __aeabi_uidiv(uint32_t n, uint32_t d) { uint32_t r; return udivmod32(n, d, &r); }

int32_t __aeabi_idiv(int32_t n, int32_t d) {
  uint32_t un = n < 0 ? 0u - (uint32_t)n : (uint32_t)n, ud = d < 0 ? 0u - (uint32_t)d : (uint32_t)d, r;
  uint32_t q = udivmod32(un, ud, &r);
  return ((n < 0) != (d < 0)) ? -(int32_t)q : (int32_t)q;
}

/// __aeabi_uidivmod / __aeabi_idivmod return the quotient in r0 and the remainder in r1: a uint64_t.
uint64_t __aeabi_uidivmod(uint32_t n, uint32_t d) {
  uint32_t r; uint32_t q = udivmod32(n, d, &r);
  return (uint64_t)r << 32 | q;
}
uint64_t __aeabi_idivmod(int32_t n, int32_t d) {
  int32_t q = __aeabi_idiv(n, d);
  int32_t r = n - q * d;
  return (uint64_t)(uint32_t)r << 32 | (uint32_t)q;
}

uint64_t __aeabi_llsl(uint64_t v, int s) { return v << s; }
uint64_t __aeabi_llsr(uint64_t v, int s) { return v >> s; }
int64_t __aeabi_lasr(int64_t v, int s) { return v >> s; }

// __aeabi_uldivmod / __aeabi_ldivmod: quotient in r0:r1, remainder in r2:r3 (not expressible in C).
__asm__(
  ".text\n.arm\n"
  ".global __aeabi_uldivmod\n.type __aeabi_uldivmod,%function\n__aeabi_uldivmod:\n"
  "  push {r11, lr}\n  sub sp, sp, #16\n  add r12, sp, #8\n  str r12, [sp]\n  bl vigil_udivmod64\n"
  "  ldr r2, [sp, #8]\n  ldr r3, [sp, #12]\n  add sp, sp, #16\n  pop {r11, pc}\n"
  ".global __aeabi_ldivmod\n.type __aeabi_ldivmod,%function\n__aeabi_ldivmod:\n"
  "  push {r11, lr}\n  sub sp, sp, #16\n  add r12, sp, #8\n  str r12, [sp]\n  bl vigil_sdivmod64\n"
  "  ldr r2, [sp, #8]\n  ldr r3, [sp, #12]\n  add sp, sp, #16\n  pop {r11, pc}\n");
