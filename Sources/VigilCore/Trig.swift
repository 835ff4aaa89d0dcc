// Twiddle-table access and the periodic Hann window, both read from the per-length tables in Tables.swift.

/// Offset of the table for group length `l` (a power of two, 2...4096) in `twiddleCosQ31` /
/// `twiddleSinQ31`: entries `cos(2πj/l)`, `sin(2πj/l)` for j = 0 ..< l/2 start there.
@inline(__always) @usableFromInline
func twiddleOffset(_ l: Int) -> Int { (l &>> 1) &- 1 }

/// Calls `body` with the cosine and sine tables (unit-stride pointers into .rodata).
@inline(__always) @usableFromInline
func withTwiddles<R>(_ body: (UnsafePointer<Int32>, UnsafePointer<Int32>) -> R) -> R {
  twiddleCosQ31.span.withUnsafeBufferPointer { c in
    twiddleSinQ31.span.withUnsafeBufferPointer { s in body(c.baseAddress!, s.baseAddress!) }
  }
}

/// `x · w` with the Hann weight `w = (1 − cos)/2` of a table cosine `c` (Q31; w < 1 for every table
/// entry, so nothing saturates), rounded: Q31 in, Q31 out.
@inline(__always) @usableFromInline
func hannWeighted(_ x: Int32, cosine c: Int32) -> Int32 {
  let w = narrow(shrRound(0x8000_0000 &- wide(c), 1))    // < 2^31: fits, and keeps the product 32 × 32
  return narrow(shrRound(wide(x) &* wide(w), 31))
}

/// Multiplies `x[0..<n]` in place by the periodic Hann window of length `n` (64...4096, a power of two),
/// `w[i] = 0.5 − 0.5·cos(2πi/n)` in Q31 (w[n/2] = 1 saturates to 1 − 2^-31).
/// Identical to `scipy.signal.get_window("hann", n)` (periodic, `sym=False`) to within 2^-31.
/// Q format: Q31 in, Q31 out. The two halves are mirror images and read the same n/2 cosines.
public func applyHann(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int) {
  guard let p = x.baseAddress else { return }
  let half = n &>> 1
  withTwiddles { cos, _ in
    let c = cos + twiddleOffset(n)
    for i in 0..<half { p[i] = hannWeighted(p[i], cosine: c[i]) }
    p[half] = mulQ31(p[half], .max)
    for i in 1..<half { p[n &- i] = hannWeighted(p[n &- i], cosine: c[i]) }
  }
}
