// Band energies of a power spectrum, in a fixed-point log domain.

/// The value a band reads when it holds no energy at all: −180 dB, in Q16.16.
public let silentBandDecibelsQ16: Int32 = -180 &* 65536

/// 10·log10(32/3) in Q16.16: scales Hann-windowed, N-normalised bin power so that a sine of amplitude A
/// (fraction of full scale) whose energy falls inside one band reads 20·log10(A) dB in that band.
@usableFromInline let bandCalibrationQ16: Int64 = 673_729

/// Band energies of a packed real spectrum (`realFFT` output with block exponent `s`) in dB re full
/// scale, Q16.16, written to `out[0..<layout.count]`.
///
/// Band b reads `10·log10(32/3 · Σ_{k in band} |X[k]/N|²)` where X is the DFT of the Hann-windowed
/// signal in full-scale units: a full-scale sine inside the band reads 0 dB. An empty band reads
/// `silentBandDecibelsQ16`. The sum is exact in 64 bits (Parseval bounds it by 2^60).
public func bandEnergies(_ spectrum: UnsafeMutableBufferPointer<Int32>, count n: Int, blockExponent s: Int,
                         layout: borrowing BandLayout, into out: UnsafeMutableBufferPointer<Int32>) {
  var total: Int64 = 0
  bandEnergies(spectrum, count: n, blockExponent: s, layout: layout, into: out, bitReversed: false, total: &total)
}

/// `bandEnergies` of a packed spectrum in natural order, or with bin k in complex slot rev(k)
/// (`bitReversed`: what `realFFTBitReversed` leaves). `total` receives the power summed over every band
/// (in the spectrum's units: `decibels(ofPower:blockExponent:)` converts it like a band).
@usableFromInline
func bandEnergies(_ spectrum: UnsafeMutableBufferPointer<Int32>, count n: Int, blockExponent s: Int,
                  layout: borrowing BandLayout, into out: UnsafeMutableBufferPointer<Int32>, bitReversed: Bool,
                  total: inout Int64) {
  guard let x = spectrum.baseAddress else { return }
  let half = n &>> 1
  let bands = layout.count
  let edges = layout.edges.span       // borrow once: a call per band would copy the layout
  withBitReversal(points: half) { rev, shift in
    for b in 0..<bands {
      var sum: Int64 = 0
      var lo = Int(edges[b]), hi = Int(edges[b &+ 1])    // bins lo ..< hi, within 0 ... N/2
      if lo == 0 { let r = wide(x[0]); sum &+= r &* r; lo = 1 }              // X[0] (real)
      if hi > half { let r = wide(x[1]); sum &+= r &* r; hi = half }         // X[N/2] (real)
      if bitReversed {
        // Bins 4a ..< 4a + 4 sit in slots rev(4a) + (0, N/4, N/8, 3N/8): one table read per four bins.
        var k = lo
        while k < hi && k & 3 != 0 { sum &+= slotPower(x, Int(rev[k]) &>> shift); k &+= 1 }
        let quarter = half &>> 2
        for _ in 0..<((hi &- min(k, hi)) &>> 2) {
          let p = x + ((Int(rev[k]) &>> shift) &<< 1)
          sum &+= slotPower(p, 0) &+ slotPower(p, 2 &* quarter) &+ slotPower(p, quarter) &+ slotPower(p, 3 &* quarter)
          k &+= 4
        }
        while k < hi { sum &+= slotPower(x, Int(rev[k]) &>> shift); k &+= 1 }
      } else {
        for k in lo..<max(lo, hi) { sum &+= slotPower(x, k) }
      }
      total &+= sum
      out[b] = decibels(ofPower: sum, blockExponent: s)
    }
  }
}

/// re² + im² of the complex slot `slot` of a packed spectrum (< 2^61 for components below 2^30).
@inline(__always) @usableFromInline
func slotPower(_ x: UnsafeMutablePointer<Int32>, _ slot: Int) -> Int64 {
  let r = wide(x[slot &<< 1]), i = wide(x[(slot &<< 1) &+ 1])
  return r &* r &+ i &* i
}

/// A band's power sum (bins of a spectrum with block exponent `s`) in dB re full scale, Q16.16, with the
/// band calibration; `silentBandDecibelsQ16` for no power (and as the floor).
@inline(__always) @usableFromInline
func decibels(ofPower sum: Int64, blockExponent s: Int) -> Int32 {
  if sum <= 0 { return silentBandDecibelsQ16 }
  // The spectrum holds X/N·2^s in Q31, so its power is |X/N|²·2^(2s+62).
  let log2Power = log2Q16(sum) &- shl(wideCount(2 &* s &+ 62), 16)
  let db = decibelsQ16(fromLog2Q16: log2Power) &+ bandCalibrationQ16
  return db < wide(silentBandDecibelsQ16) ? silentBandDecibelsQ16 : sat32(db)
}
