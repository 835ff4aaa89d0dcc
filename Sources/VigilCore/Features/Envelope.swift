// Envelope (demodulation) analysis of one axis's window: the `envelope` feature.
//
// A bearing defect strikes once per defect period and rings a structural resonance: a high-frequency
// carrier amplitude-modulated at the defect frequency. The stage recovers the modulation:
//   x (the window as the front end sees it, Q31, before the Hann window)
//   → band-pass `filter` (a BiquadCascade: Q3.29 coefficients, Q31 signal, zero state at the window start)
//   → y scaled by 2^e so its largest |y| has 31 significant bits (block exponent e, Q31)
//   → squared, y²·2^(2e) >> 31 (Q31, fraction of the block's peak²)
//   → averaged over blocks of D = 2^log2Decimation samples (low-pass + decimate: M = N/D values, Q31)
//   → minus its mean m, Hann window, real FFT of M points, band energies over `bands` (bins of the M-point
//     spectrum, i.e. of the rate fs/D)
//   → minus 10·log10(m²): each band reads dB re the squared envelope's mean (Q16.16).
// The result does not depend on the signal's level (scaling x scales the squared envelope and its mean
// alike; e cancels): a carrier modulated as (1 + μ·cos 2πft) reads about 20·log10(2μ) dB in the band
// holding f. A window with no energy in the band (y = 0) reads `silentBandDecibelsQ16` in every band.
// Cost: N biquad samples per section, N squares, one M-point FFT. Allocation-free, integer only.

/// The envelope stage's settings: a band-pass, a decimation and the bands of the envelope's spectrum.
public struct EnvelopeConfig: Sendable {
  /// Band-pass selecting the carrier (resonance) band, at the window's rate.
  public var filter: BiquadCascade
  /// log2 of the decimation D (0...6): the envelope is averaged over blocks of D samples.
  public var log2Decimation: Int
  /// Bands over the bins of the M = N/D point envelope spectrum.
  public var bands: BandLayout

  /// An envelope stage (checked by `FrontEndConfig.validate`).
  public init(filter: BiquadCascade, log2Decimation: Int, bands: BandLayout) {
    self.filter = filter; self.log2Decimation = log2Decimation; self.bands = bands
  }

  /// No envelope stage (no bands).
  public init() { filter = BiquadCascade(); log2Decimation = 0; bands = BandLayout() }
}

/// Envelope band energies of `x[0..<n]` (Q31, destroyed) into `out[0..<config.bands.count]`, dB re the
/// squared envelope's mean, Q16.16 (see the file header).
@usableFromInline
func envelopeBandEnergies(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int, config: borrowing EnvelopeConfig,
                          into out: UnsafeMutableBufferPointer<Int32>) {
  guard let p = x.baseAddress else { return }
  let bands = config.bands.count
  var state = BiquadState()
  var peak: UInt32 = 0
  for i in 0..<n {
    let y = state.process(p[i], through: config.filter)
    p[i] = y
    peak = max(peak, y.magnitude)
  }
  let log2d = config.log2Decimation
  let d = 1 &<< log2d, m = n &>> log2d
  if peak == 0 || m < minimumFFTLength {
    for b in 0..<bands { out[b] = silentBandDecibelsQ16 }
    return
  }
  let e = max(0, peak.leadingZeroBitCount &- 1)       // |y|·2^e < 2^31 (or = 2^31 for a clipped −1)
  var sum: Int64 = 0
  for j in 0..<m {
    var block: Int64 = 0
    for k in 0..<d {
      let z = shl(wide(p[j &<< log2d &+ k]), e)        // |z| <= 2^31
      block &+= shr(z &* z, 31)                       // <= 2^31 each, 2^37 for D = 64
    }
    let v = sat32(log2d == 0 ? block : shrRound(block, log2d))   // Q31, >= 0 (shrRound needs a shift >= 1)
    p[j] = v
    sum &+= wide(v)
  }
  let log2m = Int.bitWidth &- 1 &- m.leadingZeroBitCount
  let mean = shrRound(sum, log2m)                     // Q31, 0 ... 2^31 − 1
  if mean <= 0 {
    for b in 0..<bands { out[b] = silentBandDecibelsQ16 }
    return
  }
  let m32 = narrow(mean)
  for j in 0..<m { p[j] = p[j] &- m32 }              // both in [0, 2^31): no overflow
  let envelope = UnsafeMutableBufferPointer(rebasing: x[0..<m])
  let hannPeak = applyHannPeak(envelope, count: m)
  let s = realFFTBitReversed(envelope, count: m, peak: hannPeak)
  var total: Int64 = 0
  bandEnergies(envelope, count: m, blockExponent: s, layout: config.bands, into: out, bitReversed: true, total: &total)
  // 10·log10((mean/2^31)²) in Q16.16.
  let reference = decibelsQ16(fromLog2Q16: shl(log2Q16(mean) &- shl(31, 16), 1))
  for b in 0..<bands where out[b] != silentBandDecibelsQ16 {
    out[b] = max(silentBandDecibelsQ16, sat32(wide(out[b]) &- reference))
  }
}
