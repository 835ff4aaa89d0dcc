// One axis's window → its features: the eight time statistics on the raw window, then Hann window → real
// FFT → band energies (Q formats: see TimeStats.swift, RealFFT.swift, Bands.swift). FrontEnd runs it on
// every complete window.

/// Analyses one axis's window `x[0..<n]` (Q31; left holding the window's packed real spectrum, bin k in
/// complex slot rev(k), which the envelope stage reads): its eight time statistics, then Hann window, real
/// FFT and band energies (dB, Q16.16). With `totalDecibels`, also the energy summed over every band,
/// calibrated like a band (dB re full scale, Q16.16): the reference of the `relative` feature.
public func analyseWindow(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int, layout: borrowing BandLayout,
                          statistics: UnsafeMutableBufferPointer<Int32>,
                          bandEnergies energies: UnsafeMutableBufferPointer<Int32>,
                          totalDecibels: UnsafeMutablePointer<Int32>? = nil) {
  let log2n = Int.bitWidth &- 1 &- n.leadingZeroBitCount
  timeStatistics(x, count: n, log2Count: log2n, into: statistics)
  let peak = applyHannPeak(x, count: n)
  let s = realFFTBitReversed(x, count: n, peak: peak)
  var total: Int64 = 0
  bandEnergies(x, count: n, blockExponent: s, layout: layout, into: energies, bitReversed: true, total: &total)
  if let totalDecibels { totalDecibels.pointee = decibels(ofPower: total, blockExponent: s) }
}
