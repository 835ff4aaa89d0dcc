// One axis's window → its features: the eight time statistics on the raw window, then Hann window → real
// FFT → band energies (Q formats: see TimeStats.swift, RealFFT.swift, Bands.swift). FrontEnd runs it on
// every complete window.

/// Analyses one axis's window `x[0..<n]` (Q31, destroyed): its eight time statistics, then Hann window,
/// real FFT and band energies (dB, Q16.16).
public func analyseWindow(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int, layout: borrowing BandLayout,
                          statistics: UnsafeMutableBufferPointer<Int32>,
                          bandEnergies energies: UnsafeMutableBufferPointer<Int32>) {
  let log2n = Int.bitWidth &- 1 &- n.leadingZeroBitCount
  timeStatistics(x, count: n, log2Count: log2n, into: statistics)
  let peak = applyHannPeak(x, count: n)
  let s = realFFTBitReversed(x, count: n, peak: peak)
  bandEnergies(x, count: n, blockExponent: s, layout: layout, into: energies, bitReversed: true)
}
