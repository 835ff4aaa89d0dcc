// The fixed-point helpers every kernel calls (Fixed.swift, Log2.swift, ByteReader), tested directly against
// exact 128-bit integer and float64 references (until now they were only tested through the pipeline).

import Foundation
import Testing
@testable import VigilCore
import VigilHost

@Suite("Fixed-point helpers vs exact references")
struct FixedPointTests {
  /// Random Int64 values of every magnitude (a random bit length, then random bits), signed.
  static func values(_ count: Int, seed: UInt64, maxBits: Int = 63) -> [Int64] {
    var rng = SeededGenerator(seed: seed)
    return (0..<count).map { _ in
      let bits = Int(rng.next() % UInt64(maxBits + 1))
      let magnitude = bits == 0 ? 0 : Int64(bitPattern: rng.next() >> UInt64(64 - bits))
      return rng.next() & 1 == 0 ? magnitude : 0 &- magnitude
    }
  }

  @Test("shl, shr, shrRound, sat32, narrow, wide, absWide, bitLength, mulQ31 equal Int128 arithmetic")
  func shiftsAndSaturation() {
    let edges: [Int64] = [0, 1, -1, 2, -2, (1 << 31) - 1, -(1 << 31), 1 << 31, -(1 << 31) - 1, (1 << 62) - 1, -(1 << 62)]
    for x in edges + Self.values(4000, seed: 1, maxBits: 62) {
      for n in [1, 2, 7, 15, 16, 29, 30, 31, 32, 47, 61, 62] {
        #expect(shr(x, n) == Int64(Int128(x) >> n), "shr(\(x), \(n))")
        #expect(shrRound(x, n) == Int64((Int128(x) + (Int128(1) << (n - 1))) >> n), "shrRound(\(x), \(n))")
        let shifted = Int128(x) << n
        if shifted >= Int128(Int64.min) && shifted <= Int128(Int64.max) { #expect(shl(x, n) == Int64(shifted), "shl(\(x), \(n))") }
      }
      #expect(sat32(x) == Int32(clamping: x))
      #expect(narrow(x) == Int32(truncatingIfNeeded: x))
      var bits = 0, v = abs(Int128(x))
      while v > 0 { bits += 1; v >>= 1 }
      #expect(bitLength(abs(x)) == bits, "bitLength(\(abs(x)))")
    }
    let ints: [Int32] = [0, 1, -1, .max, .min, .max - 1, .min + 1, 1 << 30, -(1 << 30)]
      + Self.values(3000, seed: 2, maxBits: 31).map { Int32(truncatingIfNeeded: $0) }
    for a in ints {
      #expect(wide(a) == Int64(a))
      #expect(absWide(a) == Int64(a.magnitude))
      for b in ints.prefix(40) {
        let exact = (Int128(a) * Int128(b) + (Int128(1) << 30)) >> 31
        #expect(mulQ31(a, b) == Int32(clamping: exact), "mulQ31(\(a), \(b))")
      }
    }
    for u in [UInt32.max, 0, 1, 0x8000_0000] { #expect(wideUnsigned(u) == UInt64(u)) }
  }

  @Test("isqrt is the largest r with r·r ≤ x, over the whole Int64 range")
  func integerSquareRoot() {
    var cases: [Int64] = [0, 1, 2, 3, 4, 15, 16, 17, Int64.max, Int64.max - 1, 3_037_000_499 * 3_037_000_499,
                          3_037_000_499 * 3_037_000_499 - 1]
    cases += Self.values(20_000, seed: 3).map { $0 == .min ? .max : abs($0) }
    cases += (0..<2000).map { Int64($0) * Int64($0) + Int64($0 % 3) - 1 }.filter { $0 >= 0 }
    for x in cases {
      let r = Int128(isqrt(x))
      #expect(r * r <= Int128(x) && (r + 1) * (r + 1) > Int128(x), "isqrt(\(x)) = \(r)")
    }
    #expect(isqrt(-5) == 0)
  }

  @Test("divQ: exact (toward zero) while num·2^q fits, within 1/(den >> rest) + 1 otherwise, saturating")
  func division() {
    let nums = Self.values(3000, seed: 4), dens = Self.values(3000, seed: 5).map { $0 == .min ? .max : abs($0) }
    var checked = 0
    for (num, den) in zip(nums, dens) where den > 0 {
      for q in [0, 1, 15, 16, 30, 31, 40] {
        let exact = (Int128(num) << q) / Int128(den)     // Int128 division truncates toward zero
        let r = divQ(num, den, q)
        let headroom = num == 0 ? 63 : num.magnitude.leadingZeroBitCount - 1
        if headroom >= q {
          #expect(Int128(r) == exact, "divQ(\(num), \(den), \(q))")
        } else if r.magnitude != UInt64(Int64.max) {
          let reduced = UInt128(den >> (q - headroom))
          #expect((Int128(r) - exact).magnitude <= exact.magnitude / reduced + 1, "divQ(\(num), \(den), \(q)) = \(r), exact \(exact)")
        } else {
          #expect(den >> (q - headroom) <= 1, "divQ(\(num), \(den), \(q)) saturated")
        }
        checked += 1
      }
    }
    #expect(checked > 10_000)
    #expect(divQ(5, 0, 3) == .max && divQ(-5, -1, 3) == -.max && divQ(0, 7, 10) == 0)
  }

  @Test("log2Q16 is within 4e-4 of float64 log2 for every exponent and mantissa of a positive Int64")
  func log2AgainstFloat64() {
    var rng = SeededGenerator(seed: 6)
    var worst = 0.0
    for e in 0...62 {
      let low = Int64(1) << e, high = e == 62 ? Int64.max : (Int64(1) << (e + 1)) - 1
      var xs = [low, high, low + (high - low) / 2]
      if e > 0 { xs += (0..<800).map { _ in low + Int64(bitPattern: rng.next() % UInt64(high - low + 1)) } }
      for x in xs {
        let error = abs(Double(log2Q16(x)) / 65536 - log2(Double(x)))
        worst = max(worst, error)
        #expect(error < 4e-4, "log2Q16(\(x)): error \(error)")
      }
    }
    print("log2Q16: worst error \(worst) over 63 exponents × 803 mantissas")
    #expect(log2Q16(0) == .min && log2Q16(-3) == .min)
    #expect(log2Q16(1) == 0 && log2Q16(1 << 40) == 40 << 16)
  }

  @Test("ByteReader reads little-endian values, checks every bound and never moves past the end")
  func byteReader() {
    let bytes: [UInt8] = [0x01, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12, 0xFF, 0xFE, 0xFF, 0xFF, 0xFF, 0xAA]
    bytes.withUnsafeBufferPointer { p in
      var r = ByteReader(p)
      #expect(r.u8() == 0x01)
      #expect(r.u16() == 0x1234)
      #expect(r.u32() == 0x1234_5678)
      #expect(r.i8() == -1)
      #expect(r.i32() == Int32(bitPattern: 0xFFFF_FFFE))
      #expect(r.offset == 12 && r.remaining == 1)
      #expect(r.u16() == nil && r.u32() == nil && r.i32() == nil && r.offset == 12)   // too short: nothing read
      #expect(!r.skip(2) && !r.skip(-1) && r.offset == 12)
      #expect(r.u8() == 0xAA && r.remaining == 0)
      #expect(r.u8() == nil && r.i8() == nil && r.skip(0) && r.offset == 13)
      var s = ByteReader(p, offset: 9)
      #expect(s.u32() == UInt32(0xAAFF_FFFF) && s.remaining == 0)
    }
  }
}
