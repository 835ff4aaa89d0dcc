// Fixed-point intrinsics: the handful of helpers every kernel of the core calls.
//
// On 32-bit ARM, Embedded Swift with `-no-allocations` rejects every widening into a 64-bit integer
// (`Int64(x)`, `Int64(truncatingIfNeeded: x)`) and every Int64 shift by an `Int` amount. Everything
// 64-bit in the core therefore goes through these functions, which compile to plain instructions on
// aarch64, armv7 and x86_64 alike. Keep them here, in one file, and call them everywhere else.

/// Sign-extends an `Int32` into an `Int64` (the only widening the core uses).
@inline(__always) @usableFromInline
func wide(_ x: Int32) -> Int64 {
  (Int64(_truncatingBits: UInt(bitPattern: Int(x))) &<< 32) &>> 32
}

/// Widens a small non-negative `Int` (an index, a count, a shift amount) into an `Int64`.
@inline(__always) @usableFromInline
func wideCount(_ n: Int) -> Int64 {
  Int64(_truncatingBits: UInt(bitPattern: n))
}

/// Arithmetic shift right of an `Int64` by `n` (0...63) bits.
@inline(__always) @usableFromInline
func shr(_ x: Int64, _ n: Int) -> Int64 { x &>> wideCount(n) }

/// Shift left of an `Int64` by `n` (0...63) bits (no overflow check: callers guarantee headroom).
@inline(__always) @usableFromInline
func shl(_ x: Int64, _ n: Int) -> Int64 { x &<< wideCount(n) }

/// Arithmetic shift right by `n` (1...62) bits, rounding half up.
@inline(__always) @usableFromInline
func shrRound(_ x: Int64, _ n: Int) -> Int64 {
  (x &+ shl(1, n &- 1)) &>> wideCount(n)
}

/// The low 32 bits of an `Int64`, reinterpreted (no saturation).
@inline(__always) @usableFromInline
func narrow(_ x: Int64) -> Int32 { Int32(truncatingIfNeeded: x) }

/// Saturates an `Int64` into the `Int32` range.
@inline(__always) @usableFromInline
func sat32(_ x: Int64) -> Int32 {
  if x > 0x7FFF_FFFF { return .max }
  if x < -0x8000_0000 { return .min }
  return Int32(truncatingIfNeeded: x)
}

/// Absolute value of an `Int32` as a non-negative `Int64` (exact for `Int32.min`).
@inline(__always) @usableFromInline
func absWide(_ x: Int32) -> Int64 {
  let w = wide(x)
  return w < 0 ? 0 &- w : w
}

/// Number of significant bits of a non-negative `Int64` (0 for 0, 63 for `Int64.max`).
@inline(__always) @usableFromInline
func bitLength(_ x: Int64) -> Int { 64 &- x.leadingZeroBitCount }

/// Q31 multiply with rounding: `(a * b) >> 31`, saturated (only `Int32.min * Int32.min` saturates).
@inline(__always) @usableFromInline
func mulQ31(_ a: Int32, _ b: Int32) -> Int32 {
  sat32(shrRound(wide(a) &* wide(b), 31))
}

/// Integer square root: the largest `r` with `r * r <= x`, for `x >= 0` (0 for `x <= 0`).
@usableFromInline
func isqrt(_ x: Int64) -> Int64 {
  if x <= 0 { return 0 }
  #if arch(arm) || arch(i386)
  // Bit by bit, no division (a 64-bit division is a library call on 32-bit ARM).
  var rem = UInt64(bitPattern: x)
  var root: UInt64 = 0
  var bit: UInt64 = 1 &<< 62
  while bit > rem { bit = bit &>> 2 }
  while bit != 0 {
    if rem >= root &+ bit {
      rem = rem &- (root &+ bit)
      root = (root &>> 1) &+ bit
    } else {
      root = root &>> 1
    }
    bit = bit &>> 2
  }
  return Int64(bitPattern: root)
  #else
  // Newton's iteration from above (one division instruction per step, about six steps instead of the
  // bit-by-bit loop's 31): from r = 2^⌈bits/2⌉ ≥ √x, r' = ⌊(r + ⌊x/r⌋)/2⌋ decreases strictly while
  // r > ⌊√x⌋ and never goes below it, so the first step that does not decrease stops at ⌊√x⌋.
  let n = UInt64(bitPattern: x)
  var r = UInt64(1) &<< UInt64(truncatingIfNeeded: (bitLength(x) &+ 1) &>> 1)      // ≤ 2^32
  while true {
    let next = (r &+ n / r) &>> 1
    if next >= r { return Int64(bitPattern: r) }
    r = next
  }
  #endif
}

/// `num * 2^q / den` rounded toward zero, computed in 64 bits without overflow, for `den > 0`.
///
/// The numerator is shifted left as far as its headroom allows and the rest of the scale is taken off
/// the denominator, so the result keeps about `bitLength(den) - (q - headroom)` significant bits. The
/// result saturates at ±`Int64.max` when it would not fit (and for `den <= 0`).
@usableFromInline
func divQ(_ num: Int64, _ den: Int64, _ q: Int) -> Int64 {
  if den <= 0 { return num < 0 ? -Int64.max : Int64.max }
  if num == 0 { return 0 }
  let negative = num < 0
  var n = negative ? 0 &- num : num
  var d = den
  let headroom = n.leadingZeroBitCount &- 1
  let up = headroom < q ? headroom : q
  n = shl(n, up)
  let rest = q &- up
  if rest > 0 {
    if bitLength(d) <= rest { return negative ? -Int64.max : Int64.max }
    d = shr(d, rest)
  }
  let r = n / d
  return negative ? 0 &- r : r
}

/// Zero-extends a `UInt32` into a `UInt64` (without the widening initialiser 32-bit ARM rejects).
@inline(__always) @usableFromInline
func wideUnsigned(_ x: UInt32) -> UInt64 { UInt64(_truncatingBits: UInt(x)) }

// Four-lane forms (`SIMD4<Int32>` / `SIMD4<Int64>`) for the kernels that spell out their vector code.
// The stdlib's `SIMD4<Int64>(truncatingIfNeeded:)` is rejected on 32-bit ARM like `Int64(x)`; there the
// lanes are widened one by one instead (same values; only the generated code differs).

/// Whether the 3-axis DC blocker runs its axes in four-lane 64-bit vectors (`DCBlockerLanes`): everywhere
/// but 32-bit ARM. There the lanes are widened one by one (below) and the lane products, shifts and
/// saturations run in core registers, so the per-axis scalar loop is cheaper (by 19k instructions per
/// window on ARMv7). x86_64 keeps the lanes although its baseline SSE2 has no 64-bit lane multiply either
/// (they cost it about 44 instructions per frame more than the scalar loop): the host then runs, and its
/// tests check, the path the 64-bit Pi runs.
@inline(__always) @usableFromInline
var threeAxisLanes: Bool {
  #if arch(arm) || arch(i386)
  false
  #else
  true
  #endif
}

/// Sign-extends four `Int32` lanes into `Int64` lanes.
@inline(__always) @usableFromInline
func wide(_ v: SIMD4<Int32>) -> SIMD4<Int64> {
  #if arch(arm) || arch(i386)
  SIMD4(wide(v[0]), wide(v[1]), wide(v[2]), wide(v[3]))
  #else
  SIMD4<Int64>(truncatingIfNeeded: v)     // one vector sign extension (the lane-wise form can scalarise)
  #endif
}

/// The low 32 bits of four `Int64` lanes (no saturation).
@inline(__always) @usableFromInline
func narrow(_ v: SIMD4<Int64>) -> SIMD4<Int32> { SIMD4<Int32>(truncatingIfNeeded: v) }

/// Four unaligned `Int32` from `p`.
@inline(__always) @usableFromInline
func load4(_ p: UnsafePointer<Int32>) -> SIMD4<Int32> { UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Int32>.self) }

/// Eight unaligned `Int32` from `p`.
@inline(__always) @usableFromInline
func load8(_ p: UnsafePointer<Int32>) -> SIMD8<Int32> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Int32>.self) }

/// Sixteen unaligned `Int32` from `p`.
@inline(__always) @usableFromInline
func load16(_ p: UnsafePointer<Int32>) -> SIMD16<Int32> { UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Int32>.self) }

/// Stores sixteen `Int32` at `p` (unaligned).
@inline(__always) @usableFromInline
func store16(_ v: SIMD16<Int32>, _ p: UnsafeMutablePointer<Int32>) {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Int32>.self)
}

/// Stores eight `Int32` at `p` (unaligned).
@inline(__always) @usableFromInline
func store8(_ v: SIMD8<Int32>, _ p: UnsafeMutablePointer<Int32>) {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Int32>.self)
}

/// Saturates four `Int64` lanes into the `Int32` range.
@inline(__always) @usableFromInline
func sat32(_ v: SIMD4<Int64>) -> SIMD4<Int32> {
  narrow(v.clamped(lowerBound: SIMD4(repeating: -0x8000_0000), upperBound: SIMD4(repeating: 0x7FFF_FFFF)))
}
