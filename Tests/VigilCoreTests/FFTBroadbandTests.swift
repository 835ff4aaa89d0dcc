// Real FFT accuracy on broadband input (Gaussian white noise, peak at 0 / −40 / −60 dBFS, N = 1024)
// against numpy's float64 rfft of the same Q15 input (Tests/Golden/generate.py), beside the sine figures.

import Testing
@testable import VigilCore

@Suite("Real FFT vs numpy rfft, broadband input")
struct FFTBroadbandTests {
  static func snrFor(_ label: String) -> Double {
    let c = Golden.shared.fft.first { $0.n == 1024 && $0.dbfs.description == label }!
    let (s, out) = q31(c.input).withBuffer { realFFT($0, count: c.n) }
    let ref = Array(Golden.fftReference[c.refOffset..<(c.refOffset + c.refCount)])
    return snr(ref, unpackSpectrum(out, n: c.n, blockExponent: s))
  }

  @Test("N = 1024 white noise: ≥ 130 dB at every level, within 10 dB of the sine at the same peak level")
  func broadband() {
    var table = "real FFT SNR vs numpy float64, N = 1024 (dB):\n  peak level   sine   noise\n"
    for level in [0, -40, -60] {
      let noise = Self.snrFor("noise \(level) dBFS peak"), sine = Self.snrFor("\(level) dBFS")
      table += String(format: "%7d dBFS %6.1f  %6.1f\n", level, sine, noise)
      #expect(noise >= 130, "noise at \(level) dBFS: \(noise) dB")
      #expect(noise >= sine - 10, "noise at \(level) dBFS: \(noise) dB against the sine's \(sine) dB")
    }
    print(table)
  }
}
