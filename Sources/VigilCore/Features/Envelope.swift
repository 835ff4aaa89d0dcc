// Envelope (demodulation) analysis of one axis's window: the `envelope` feature, in the frequency domain.
//
// A bearing defect strikes once per defect period and rings a structural resonance: a high-frequency
// carrier amplitude-modulated at the defect frequency. The stage recovers the modulation from the spectrum
// the front end has already computed (`analyseWindow` leaves it in the window buffer), so it costs two
// short FFTs per axis instead of a pass over every sample:
//   X[k]  the real FFT of the Hann-windowed window (Q31 with the front end's block exponent; bin k in
//         complex slot rev(k), RealFFT.swift), k = L ..< L + W: the carrier band (L = `carrierBin`,
//         W = 2^`log2Width` bins, 1 <= L, L + W <= N/2)
//   → z[j] = X[L + j] for j < W, 0 for W <= j < 2W (zero padding: |z|² below does not alias), normalised to
//     30 significant bits (block exponent e1, Q31)
//   → Z = the 2W-point forward complex FFT of z, halved per stage (`complexFFTHalving`: Z/2W·2^e1, Q31,
//     bit-reversed slots). Up to scale, Z[n] is the analytic signal of the band's signal at time −n·N/2W
//     (the forward transform reverses time; |·|² and the energies of its spectrum do not see that)
//   → e[n] = |Z[n]|² in natural order (Int64, < 2^61), shifted right by e2 so the largest is below 2^30
//     (Q31 of a block-scaled power): the squared envelope at 2W points, already tapered by Hann² since X
//     came from the Hann-windowed window (so no second window)
//   → E = the 2W-point real FFT of e (`realFFTBitReversed`, block exponent s)
//   → band b = 10·log10(72/35 · Σ_{k in band} |E[k]|² / |E[0]|²): dB re the squared envelope's mean
//     (E[0], its DC bin), Q16.16. Envelope band edges are bins of this spectrum: bin k = k cycles per
//     window (k·fs/N Hz), 1 ... W; start at bin 3 or so, since Hann² spreads the mean over bins 0 ... 2.
// e1, e2 and s scale E[k] and E[0] alike and cancel, so the result does not depend on the signal's level.
// The calibration 72/35 = 4 · (3/8)² / (70/256) (Hann²'s coherent gain squared over its energy over the
// five bins it spreads a line into): a squared envelope m·(1 + a·cos 2πft) with f a whole number of cycles
// per window reads 20·log10(a) dB in the band holding f ± 2 bins, so a carrier amplitude-modulated as
// (1 + μ·cos 2πft) reads 20·log10(2μ/(1 + μ²/2)) there. A window with no energy in the carrier band reads
// `silentBandDecibelsQ16` in every band. Allocation-free, integer only; scratch: 6W words on the stack.
// W = 16 (the standard plan's width) runs the same stages, bit for bit, in registers: Envelope16.swift.

/// 10·log10(72/35) in Q16.16: the envelope bands' calibration (see the file header).
@usableFromInline let envelopeCalibrationQ16: Int64 = 205_301

/// Envelope band energies from the packed, bit-reversed real spectrum of an N-point window (what
/// `analyseWindow` leaves in its buffer; read only) into `out[0..<config.bands.count]`, dB re the squared
/// envelope's mean, Q16.16 (see the file header).
@usableFromInline
func envelopeBandEnergies(spectrum x: UnsafeMutableBufferPointer<Int32>, count n: Int, config: borrowing EnvelopeConfig,
                          into out: UnsafeMutableBufferPointer<Int32>) {
  let bands = config.bands.count
  let w = config.width, lo = config.carrierBin
  let silent: Bool
  if w == 16 {                                        // the standard plan's width (Envelope16.swift)
    silent = envelopeSpectrum16(x, count: n, carrierBin: lo, layout: config.bands, into: out)
  } else {
    var zs = InlineArray<256, Int32>(repeating: 0)    // 2W complex points, W <= 64
    var es = InlineArray<128, Int32>(repeating: 0)    // 2W real samples
    var z = zs.mutableSpan, e = es.mutableSpan
    let layout = config.bands                         // a copy the closures can capture (68 bytes)
    silent = z.withUnsafeMutableBufferPointer { zb in
      e.withUnsafeMutableBufferPointer { eb in
        envelopeSpectrum(x, count: n, carrierBin: lo, width: w, scratch: zb, envelope: eb, layout: layout, into: out)
      }
    }
  }
  if silent { for b in 0..<bands { out[b] = silentBandDecibelsQ16 } }
}

/// The stages of `envelopeBandEnergies` over scratch buffers `z` (4W words) and `e` (2W words); returns
/// true when the window is silent in the carrier band (then `out` is not written).
@inline(__always) @usableFromInline
func envelopeSpectrum(_ x: UnsafeMutableBufferPointer<Int32>, count n: Int, carrierBin lo: Int, width w: Int,
                      scratch zb: UnsafeMutableBufferPointer<Int32>, envelope eb: UnsafeMutableBufferPointer<Int32>,
                      layout: borrowing BandLayout, into out: UnsafeMutableBufferPointer<Int32>) -> Bool {
  guard let z = zb.baseAddress, let e = eb.baseAddress else { return true }
  let points = w &<< 1
  // The carrier band's bins, read through the bit reversal (1 <= k < N/2: never slot 0).
  var peak: UInt32 = 0
  withBitReversal(points: n &>> 1) { rev, shift in
    for j in 0..<w {
      let slot = (Int(rev[lo &+ j]) &>> shift) &<< 1
      let re = x[slot], im = x[slot &+ 1]
      z[j &<< 1] = re; z[(j &<< 1) &+ 1] = im
      peak = max(peak, max(re.magnitude, im.magnitude))
    }
  }
  if peak == 0 { return true }
  let complex = UnsafeMutableBufferPointer(rebasing: zb[0..<(points &<< 1)])
  _ = normaliseBlock(complex, count: points &<< 1, peak: peak)        // the upper half stays 0
  withTwiddles { complexFFTHalving(z, points: points, twiddles: $0) }
  // |Z[n]|² in natural order; the largest decides the shift into 30 bits.
  var largest: Int64 = 0
  for i in 0..<points {
    let r = wide(z[i &<< 1]), q = wide(z[(i &<< 1) &+ 1])
    largest = max(largest, r &* r &+ q &* q)
  }
  if largest == 0 { return true }
  let e2 = max(0, bitLength(largest) &- 30)
  var top: UInt32 = 0
  withBitReversal(points: points) { rev, shift in
    for i in 0..<points {
      let slot = (Int(rev[i]) &>> shift) &<< 1
      let r = wide(z[slot]), q = wide(z[slot &+ 1])
      let v = narrow(shr(r &* r &+ q &* q, e2))                      // 0 ... 2^30 − 1
      e[i] = v
      top = max(top, UInt32(bitPattern: v))
    }
  }
  let envelope = UnsafeMutableBufferPointer(rebasing: eb[0..<points])
  let s = realFFTBitReversed(envelope, count: points, peak: top)
  var total: Int64 = 0
  bandEnergies(envelope, count: points, blockExponent: s, layout: layout, into: out, bitReversed: true, total: &total)
  return envelopeRelativeToMean(dc: e[0], blockExponent: s, bands: layout.count, into: out)
}

/// The last step of the envelope stage: the bands `out[0..<bands]` (dB re full scale, as `bandEnergies`
/// writes them) made relative to the squared envelope's mean, `dc` = E[0] (block exponent `s`), with
/// the calibration. Returns true (silent: `out` to be overwritten) when E[0] <= 0.
@inline(__always) @usableFromInline
func envelopeRelativeToMean(dc e0: Int32, blockExponent s: Int, bands: Int, into out: UnsafeMutableBufferPointer<Int32>) -> Bool {
  let dc = wide(e0)
  if dc <= 0 { return true }
  let reference = wide(decibels(ofPower: dc &* dc, blockExponent: s))  // the same calibration as the bands
  for b in 0..<bands where out[b] != silentBandDecibelsQ16 {
    out[b] = max(silentBandDecibelsQ16, sat32(wide(out[b]) &- reference &+ envelopeCalibrationQ16))
  }
  return false
}
