// Real FFT accuracy against numpy's float64 rfft of the same Q15 input.

import Foundation
import Testing
import TestSupport
@testable import VigilCore

@Suite("Real FFT vs numpy rfft")
struct FFTTests {
  /// SNR (dB) of the core's FFT for every golden case: [(N, level, SNR)].
  static let results: [(n: Int, level: String, snr: Double)] = Golden.shared.fft.map { c in
    let (s, out) = q31(c.input).withBuffer { realFFT($0, count: c.n) }
    let ref = Array(Golden.fftReference[c.refOffset..<(c.refOffset + c.refCount)])
    return (c.n, c.dbfs.description, snr(ref, unpackSpectrum(out, n: c.n, blockExponent: s)))
  }

  @Test("N = 1024: ≥ 70 dB at full scale, ≥ 65 dB at −40 dBFS; table for every N")
  func accuracyTarget() {
    var table = "real FFT SNR vs numpy float64 (dB):\n     N    0 dBFS  −40 dBFS  −60 dBFS\n"
    for n in [64, 128, 256, 512, 1024, 2048, 4096] {
      let row = Self.results.filter { $0.n == n && $0.level.hasSuffix("dBFS") }.map { String(format: "%9.1f", $0.snr) }
      table += String(format: "%6d ", n) + row.joined(separator: " ") + "\n"
    }
    print(table)
    let at = { (n: Int, level: String) in Self.results.first { $0.n == n && $0.level == level }!.snr }
    #expect(at(1024, "0 dBFS") >= 70)
    #expect(at(1024, "-40 dBFS") >= 65)
    // Block floating point: small signals lose (almost) nothing, for every N.
    for r in Self.results { #expect(r.snr >= 65, "N=\(r.n) \(r.level): \(r.snr) dB") }
  }

  @Test("full-scale square wave (clipped input): no overflow, spectrum still accurate")
  func squareWave() {
    let r = Self.results.first { $0.level == "square" }!
    #expect(r.snr >= 70, "\(r.snr) dB")
  }

  @Test("all-zero input stays zero with exponent 0")
  func zeros() {
    let (s, out) = [Int32](repeating: 0, count: 256).withBuffer { realFFT($0, count: 256) }
    #expect(s == 0)
    #expect(out.allSatisfy { $0 == 0 })
  }

  @Test("extreme input Int32.min everywhere: DC bin only, no wrap-around")
  func extremes() {
    let (s, out) = [Int32](repeating: .min, count: 64).withBuffer { realFFT($0, count: 64) }
    let spec = unpackSpectrum(out, n: 64, blockExponent: s)
    #expect(abs(spec[0] - (-64.0)) < 1e-6)                    // DFT of −1 × 64 at DC
    #expect(spec.dropFirst(2).allSatisfy { abs($0) < 1e-6 })
  }

  @Test("Hann table equals scipy.signal.get_window('hann', N) within 2^-31")
  func hann() {
    for (key, ref) in Golden.shared.hann {
      let n = Int(key)!
      let (_, w) = [Int32](repeating: .max, count: n).withBuffer { applyHann($0, count: n) }
      for i in 0..<n { #expect(abs(Double(w[i]) / 2_147_483_648 - ref[i]) < 2e-9, "N=\(n) i=\(i)") }
    }
  }
}
