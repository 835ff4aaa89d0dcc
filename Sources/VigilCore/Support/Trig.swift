// Twiddle-table access and the periodic Hann window, both read from the per-length tables in Tables.swift.

/// The sine and cosine of `2πj/l`, j = 0 ..< l/2, for a group length `l` (a power of two, 8...4096), as
/// two unit-stride pointers into `table` (= `twiddleQ31`, from `withTwiddles`). Both come from the one
/// block for `l` (offset 3(l − 8)/4, entries cos(2π(t − l/4)/l)): sin(2πj/l) is entry j, cos(2πj/l)
/// entry l/4 + j.
@inline(__always) @usableFromInline
func twiddles(_ table: UnsafePointer<Int32>, length l: Int) -> (cos: UnsafePointer<Int32>, sin: UnsafePointer<Int32>) {
  let block = table + 3 &* ((l &- 8) &>> 2)
  return (block + (l &>> 2), block)
}

/// Calls `body` with the twiddle table (a pointer into .rodata; see `twiddles`).
@inline(__always) @usableFromInline
func withTwiddles<R>(_ body: (UnsafePointer<Int32>) -> R) -> R {
  twiddleQ31.span.withUnsafeBufferPointer { body($0.baseAddress!) }
}

/// Multiplies `x[0..<n]` in place by the periodic Hann window of length `n` (64...4096, a power of two),
/// `w[i] = 0.5 − 0.5·cos(2πi/n)` in Q31 (w[n/2] = 1 saturates to 1 − 2^-31), each product rounded.
/// Identical to `scipy.signal.get_window("hann", n)` (periodic, `sym=False`) to within 2^-31.
/// Q format: Q31 in, Q31 out. The weights come from `hannQ31` (the n weights of the whole window, from
/// the twiddle table's cosines; the second half mirrors the first word for word).
public func applyHann(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int) {
  _ = applyHannPeak(x, count: n)
}

/// `applyHann`, returning the largest magnitude of the windowed samples (what `normaliseBlock` needs,
/// found in the same pass).
@usableFromInline
func applyHannPeak(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int) -> UInt32 {
  guard let p = x.baseAddress else { return 0 }
  return hannQ31.span.withUnsafeBufferPointer { table in
    let w = table.baseAddress! + (n &- 64)
    var peak: UInt32 = 0
    for i in 0..<n {
      let y = narrow(shrRound(wide(p[i]) &* wide(w[i]), 31))     // w[n/2] = 2^31 − 1: mulQ31 by 1, exactly
      p[i] = y; peak = max(peak, y.magnitude)
    }
    return peak
  }
}
