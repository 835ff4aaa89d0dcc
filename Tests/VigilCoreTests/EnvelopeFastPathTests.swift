// The W = 16 envelope path (Envelope16.swift) against the generic one (Envelope.swift), bit for bit: the
// same band values and the same silent windows for random spectra of every scale, every window length,
// carrier bins across the spectrum and random band layouts over the envelope spectrum's bins 0 ... 16.
// (Both are checked against scipy by FeatureSetTests; this pins the specialised one to the generic one,
// so the shipped evaluations stay valid to the bit.)

import Testing
import TestSupport
@testable import VigilCore
import VigilHost

/// The generic path's bands (W = 16) and whether it found the window silent.
func genericEnvelope16(_ spectrum: [Int32], n: Int, carrierBin: Int, layout l: BandLayout) -> (silent: Bool, bands: [Int32]) {
  var x = spectrum, out = [Int32](repeating: 0x5A5A_5A5A, count: 32)
  var z = [Int32](repeating: 0, count: 256), e = [Int32](repeating: 0, count: 128)
  let silent = x.withUnsafeMutableBufferPointer { xb in
    z.withUnsafeMutableBufferPointer { zb in
      e.withUnsafeMutableBufferPointer { eb in
        out.withUnsafeMutableBufferPointer { o in
          envelopeSpectrum(xb, count: n, carrierBin: carrierBin, width: 16, scratch: zb, envelope: eb, layout: l, into: o)
        }
      }
    }
  }
  return (silent, Array(out.prefix(l.count)))
}

/// The W = 16 path's bands and whether it found the window silent (and that it left the spectrum alone).
func fastEnvelope16(_ spectrum: [Int32], n: Int, carrierBin: Int, layout l: BandLayout) -> (silent: Bool, bands: [Int32]) {
  var x = spectrum, out = [Int32](repeating: 0x5A5A_5A5A, count: 32)
  let silent = x.withUnsafeMutableBufferPointer { xb in
    out.withUnsafeMutableBufferPointer { o in envelopeSpectrum16(xb, count: n, carrierBin: carrierBin, layout: l, into: o) }
  }
  #expect(x == spectrum, "the spectrum is read only")
  return (silent, Array(out.prefix(l.count)))
}

@Suite("Envelope W = 16 path equals the generic path bit for bit")
struct EnvelopeFastPathTests {
  @Test("random spectra of every scale (1 ... 32 significant bits), N = 64 ... 4096, random carriers and layouts")
  func randomSpectra() {
    var rng = SeededGenerator(seed: 1616)
    var silentCases = 0, cases = 0
    for n in [64, 128, 256, 1024, 4096] {
      for trial in 0..<160 {
        let bits = trial % 33                                  // the block's largest magnitude: 0 ... 32 bits
        var x = [Int32](repeating: 0, count: n)
        let sparse = trial % 5 == 4                            // a few lines only (many exact zeros)
        for i in 0..<n where !sparse || Int.random(in: 0..<8, using: &rng) == 0 {
          let v = bits == 0 ? 0 : Int64.random(in: -(Int64(1) << (bits - 1))...((Int64(1) << (bits - 1)) - 1), using: &rng)
          x[i] = Int32(truncatingIfNeeded: v)
        }
        if trial % 7 == 0, bits > 0 { x[Int.random(in: 2..<n, using: &rng)] = bits >= 32 ? .min : -(Int32(1) << (bits - 1)) }
        let carrier = trial % 11 == 0 ? n / 2 - 16 : Int.random(in: 1...(n / 2 - 16), using: &rng)
        // A random layout over bins 0 ... 17 (edges strictly increasing, 1 ... 17 bands).
        var edges = (0...17).filter { _ in Bool.random(using: &rng) }.map(UInt16.init)
        if edges.count < 2 { edges = [3, 17] }
        let l = layout(edges)
        let want = genericEnvelope16(x, n: n, carrierBin: carrier, layout: l)
        let got = fastEnvelope16(x, n: n, carrierBin: carrier, layout: l)
        #expect(got.silent == want.silent, "N=\(n) trial \(trial): silent \(got.silent) vs \(want.silent)")
        if !want.silent {
          #expect(got.bands == want.bands, "N=\(n) trial \(trial) carrier \(carrier) edges \(edges): \(got.bands) vs \(want.bands)")
        }
        silentCases += want.silent ? 1 : 0
        cases += 1
      }
    }
    #expect(silentCases > 0 && silentCases < cases / 10, "the cases include silent windows, but few: \(silentCases) of \(cases)")
  }

  @Test("the front end's entry point takes the W = 16 path and writes the floor for a silent carrier band")
  func entryPoint() {
    var rng = SeededGenerator(seed: 1617)
    let n = 1024, l = layout([3, 4, 5, 6, 8, 10, 12, 14, 17])
    let config = EnvelopeConfig(carrierBin: 256, log2Width: 4, bands: l)
    var x = (0..<n).map { _ in Int32.random(in: -(1 << 29)..<(1 << 29), using: &rng) }
    for silent in [false, true] {
      if silent { for k in 256..<272 { let slot = Int(bitReverse2048[k] >> 2); x[2 * slot] = 0; x[2 * slot + 1] = 0 } }
      var out = [Int32](repeating: 0, count: 32)
      x.withUnsafeMutableBufferPointer { w in
        out.withUnsafeMutableBufferPointer { o in envelopeBandEnergies(spectrum: w, count: n, config: config, into: o) }
      }
      let want = genericEnvelope16(x, n: n, carrierBin: 256, layout: l)
      #expect(want.silent == silent)
      #expect(Array(out.prefix(8)) == (silent ? [Int32](repeating: silentBandDecibelsQ16, count: 8) : want.bands))
    }
  }
}
