// Band energies against numpy: 10·log10(32/3 · Σ|rfft(x·hann)/N|²) over the same bins.

import Foundation
import Testing
import TestSupport
@testable import VigilCore
import VigilHost

@Suite("Band energies vs numpy")
struct BandTests {
  /// Runs the core's window analysis on a golden case; returns band dB.
  func bands(_ c: Golden.BandCase) -> [Double] {
    let l = layout(c.edges)
    var stats = [Int32](repeating: 0, count: 8)
    var energies = [Int32](repeating: 0, count: 32)
    var x = q31(c.input)
    x.withUnsafeMutableBufferPointer { w in
      stats.withUnsafeMutableBufferPointer { s in
        energies.withUnsafeMutableBufferPointer { e in analyseWindow(w, count: c.n, layout: l, statistics: s, bandEnergies: e) }
      }
    }
    return energies.prefix(l.count).map { Double($0) / 65536 }
  }

  @Test("within 0.5 dB for every band holding ≥ 1% of the energy (and 0.05 dB where it is ≥ 1e-4)")
  func accuracy() {
    for c in Golden.shared.bands {
      let got = bands(c)
      for b in c.db.indices where c.fraction[b] >= 1e-4 {
        let err = abs(got[b] - c.db[b])
        if c.fraction[b] >= 0.01 { #expect(err <= 0.5, "N=\(c.n) band \(b): \(got[b]) vs \(c.db[b]) dB") }
        #expect(err <= 0.05, "N=\(c.n) band \(b) (\(c.fraction[b]) of energy): \(got[b]) vs \(c.db[b]) dB")
      }
    }
  }

  @Test("calibration: a −20 dBFS sine inside a band reads −20 dB there")
  func calibration() {
    let c = Golden.shared.bands.last!
    let got = bands(c)
    #expect(abs(got[1] - (-20)) < 0.05, "\(got[1])")
  }

  @Test("silence reads the documented floor, not garbage")
  func silence() {
    let c = Golden.BandCase(n: 256, input: [Int16](repeating: 0, count: 256), edges: [1, 10, 129], db: [], fraction: [])
    #expect(bands(c) == [-180, -180])
  }

  @Test("band layouts: invalid edges are rejected by name")
  func layoutErrors() {
    func make(_ e: [UInt16]) throws(ConfigError) -> BandLayout {
      try e.withUnsafeBufferPointer { p throws(ConfigError) in try BandLayout(edges: p) }
    }
    #expect(throws: ConfigError.noBands) { try make([3]) }
    #expect(throws: ConfigError.bandEdgesNotIncreasing) { try make([1, 5, 5, 9]) }
    #expect(throws: ConfigError.tooManyBands) { try make((1...34).map { UInt16($0) }) }
    #expect(throws: ConfigError.bandEdgeBeyondNyquist) { try make([1, 100, 600]).validate(windowLength: 1024) }
  }

  @Test("host log-spaced plan: strictly increasing, inside the range, every band ≥ 1 bin")
  func plan() throws {
    let e = try logSpacedBandEdges(bands: 24, low: 10, high: 800, windowLength: 1024, sampleRate: 1600)
    #expect(e.count == 25)
    #expect(zip(e, e.dropFirst()).allSatisfy { $0 < $1 })
    #expect(e.first! >= 1 && Int(e.last!) <= 513)
    _ = try bandLayout(edges: e)
    #expect(throws: BandPlanError.tooNarrow(bands: 32, bins: 11)) {
      try logSpacedBandEdges(bands: 32, low: 100, high: 110, windowLength: 1024, sampleRate: 1024)
    }
  }
}
