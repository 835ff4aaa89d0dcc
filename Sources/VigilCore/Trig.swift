// Twiddles and window values read from the one quarter-wave cosine table (Tables.swift).

/// cos(2πm/4096) in Q31 for m in 0...2048 (half a turn: every twiddle an FFT of N <= 4096 needs).
@inline(__always) @usableFromInline
func cosHalfTurnQ31(_ m: Int) -> Int32 {
  m <= 1024 ? cosQ31Quarter[m] : 0 &- cosQ31Quarter[2048 &- m]
}

/// sin(2πm/4096) in Q31 for m in 0...2048.
@inline(__always) @usableFromInline
func sinHalfTurnQ31(_ m: Int) -> Int32 {
  m <= 1024 ? cosQ31Quarter[1024 &- m] : cosQ31Quarter[m &- 1024]
}

/// The periodic Hann window `w[n] = 0.5 - 0.5·cos(2πn/N)` in Q31 (saturated at 1), for N = 4096/stride.
///
/// Identical to `scipy.signal.get_window("hann", N)` (periodic, `sym=False`) to within 2^-31.
@inline(__always) @usableFromInline
func hannQ31(_ n: Int, stride: Int) -> Int32 {
  let m = (n &* stride) & 4095
  // cos over the full turn: cos(2π(4096-m)/4096) = cos(2πm/4096)
  let c = m <= 2048 ? cosHalfTurnQ31(m) : cosHalfTurnQ31(4096 &- m)
  return sat32(shrRound(0x8000_0000 &- wide(c), 1))
}

/// Multiplies `x[0..<n]` in place by the periodic Hann window of length `n` (64...4096, a power of two).
/// Q format: Q31 in, Q31 out.
public func applyHann(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int) {
  let stride = 4096 / n
  for i in 0..<n { x[i] = mulQ31(x[i], hannQ31(i, stride: stride)) }
}
