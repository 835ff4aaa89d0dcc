// The opt-in front-end features against numpy / scipy (Tests/Golden/features.py → features.json): bands
// relative to the window's total energy, the total itself, and envelope band energies; their level
// invariance; their place in the feature vector; and the model file that records them (version 3).

import Foundation
import MallocCounter
import Testing
import TestSupport
@testable import VigilCore
import VigilHost

/// features.json (Tests/Golden/features.py).
struct FeatureGolden: Decodable {
  struct Case: Decodable {
    let label: String, n: Int, input: [Int16], edges: [UInt16]
    let relative: [Double], total: Double, fraction: [Double]
    let carrierBin: Int, width: Int, modulationCycles: Int, envelopeEdges: [UInt16]
    let envelope: [Double], envelopeFraction: [Double]
  }
  let cases: [Case]
  static let shared: FeatureGolden = {
    let data = try! Data(contentsOf: Paths.golden.appendingPathComponent("features.json"))
    return try! JSONDecoder().decode(FeatureGolden.self, from: data)
  }()
}

/// The core's relative bands and total (dB) of a case's input, scaled by 2^-`shift`.
func relativeBands(_ c: FeatureGolden.Case, shift: Int32 = 0) -> (bands: [Double], total: Double) {
  let l = layout(c.edges)
  var x = q31(c.input).map { $0 >> shift }
  var stats = [Int32](repeating: 0, count: 8), energies = [Int32](repeating: 0, count: 32)
  var total: Int32 = 0
  x.withUnsafeMutableBufferPointer { w in
    stats.withUnsafeMutableBufferPointer { s in
      energies.withUnsafeMutableBufferPointer { e in
        analyseWindow(w, count: c.n, layout: l, statistics: s, bandEnergies: e, totalDecibels: &total)
        makeBandsRelative(e, count: l.count, total: total)
      }
    }
  }
  return (energies.prefix(l.count).map { Double($0) / 65536 }, Double(total) / 65536)
}

func envelopeConfig(_ c: FeatureGolden.Case) -> EnvelopeConfig {
  EnvelopeConfig(carrierBin: c.carrierBin, log2Width: c.width.trailingZeroBitCount, bands: layout(c.envelopeEdges))
}

/// The core's envelope band energies (dB) of a case's input, scaled by 2^-`shift`: `analyseWindow`, then
/// the envelope from the spectrum it leaves behind (as the front end runs them).
func envelopeBands(_ c: FeatureGolden.Case, shift: Int32 = 0) -> [Double] {
  let config = envelopeConfig(c)
  var x = q31(c.input).map { $0 >> shift }
  var out = [Int32](repeating: 0, count: 32)
  var stats = [Int32](repeating: 0, count: 8), energies = [Int32](repeating: 0, count: 32)
  x.withUnsafeMutableBufferPointer { w in
    stats.withUnsafeMutableBufferPointer { s in
      energies.withUnsafeMutableBufferPointer { e in
        analyseWindow(w, count: c.n, layout: layout(c.edges), statistics: s, bandEnergies: e)
      }
    }
    out.withUnsafeMutableBufferPointer { o in envelopeBandEnergies(spectrum: w, count: c.n, config: config, into: o) }
  }
  return out.prefix(config.bands.count).map { Double($0) / 65536 }
}

@Suite("Opt-in features vs numpy: relative bands, envelope")
struct FeatureSetTests {
  @Test("relative bands within 0.05 dB of numpy where a band holds ≥ 1e-4 of the energy; the total within 0.01 dB")
  func relative() {
    for c in FeatureGolden.shared.cases {
      let got = relativeBands(c)
      #expect(abs(got.total - c.total) <= 0.01, "\(c.label) N=\(c.n): total \(got.total) vs \(c.total) dB")
      for b in c.relative.indices where c.fraction[b] >= 1e-4 {
        #expect(abs(got.bands[b] - c.relative[b]) <= 0.05, "\(c.label) N=\(c.n) band \(b): \(got.bands[b]) vs \(c.relative[b]) dB")
      }
      #expect(got.bands.allSatisfy { $0 <= 0.01 }, "a band cannot hold more than the total")
    }
  }

  @Test("envelope bands (W = 16, 32, 64; N = 64 ... 4096) within 0.01 dB of scipy's hilbert in every band, down to −72 dB (measured worst: 0.0005 dB)")
  func envelope() {
    for c in FeatureGolden.shared.cases {
      let got = envelopeBands(c)
      for b in c.envelope.indices {
        #expect(abs(got[b] - c.envelope[b]) <= 0.01, "\(c.label) N=\(c.n) W=\(c.width) envelope band \(b): \(got[b]) vs \(c.envelope[b]) dB")
      }
    }
  }

  @Test("a carrier modulated at depth μ = 0.5 reads 20·log10(2μ/(1 + μ²/2)) = −1.02 dB (± 0.5) in the band of its modulation")
  func modulationDepth() {
    for c in FeatureGolden.shared.cases where c.label == "modulated carrier" && c.width >= 32 {
      let got = envelopeBands(c)
      // f = W/4 cycles per window: Hann² spreads it over bins f − 2 ... f + 2, most of which the band holds.
      let f = UInt16(c.modulationCycles)
      let b = (0..<(c.envelopeEdges.count - 1)).first { c.envelopeEdges[$0] <= f && f < c.envelopeEdges[$0 + 1] }!
      #expect(abs(got[b] - 20 * log10(2 * 0.5 / 1.125)) < 0.5, "N=\(c.n) W=\(c.width): \(got[b]) dB")
      // The harmonic of the square (μ²/2 at 2f: 20·log10(μ²/2 / 1.125) = −19.1 dB) and nothing else above it.
      #expect(got.enumerated().allSatisfy { $0.offset == b || $0.element < got[b] - 15 }, "\(got)")
    }
  }

  @Test("level invariance: the input 12 and 24 dB quieter reads the same relative and envelope bands (≤ 0.1 dB)")
  func levelInvariance() {
    for c in FeatureGolden.shared.cases {
      let (r0, t0) = relativeBands(c), e0 = envelopeBands(c)
      for shift: Int32 in [2, 4] {
        let (r, t) = relativeBands(c, shift: shift), e = envelopeBands(c, shift: shift)
        #expect(abs((t0 - t) - 6.0206 * Double(shift)) < 0.05, "total moves with the level")
        for b in r.indices where c.fraction[b] >= 1e-3 {
          #expect(abs(r[b] - r0[b]) <= 0.1, "\(c.label) N=\(c.n) band \(b), −\(6 * shift) dB: \(r[b]) vs \(r0[b])")
        }
        for b in e.indices where c.envelopeFraction[b] >= 1e-3 {
          #expect(abs(e[b] - e0[b]) <= 0.1, "\(c.label) N=\(c.n) envelope band \(b), −\(6 * shift) dB: \(e[b]) vs \(e0[b])")
        }
      }
    }
  }

  @Test("silence: the total, the relative bands and the envelope read the documented floor")
  func silence() {
    let c = FeatureGolden.shared.cases[0]
    let quiet = FeatureGolden.Case(label: "silence", n: c.n, input: [Int16](repeating: 0, count: c.n), edges: c.edges,
                                   relative: c.relative, total: c.total, fraction: c.fraction, carrierBin: c.carrierBin,
                                   width: c.width, modulationCycles: c.modulationCycles, envelopeEdges: c.envelopeEdges, envelope: c.envelope,
                                   envelopeFraction: c.envelopeFraction)
    let (r, t) = relativeBands(quiet)
    #expect(t == -180 && r.allSatisfy { $0 == -180 })
    #expect(envelopeBands(quiet).allSatisfy { $0 == -180 })
  }

  @Test("the committed features.json reproduces from features.py (numpy / scipy)",
        .enabled(if: (try? run(["python3", "-c", "import numpy, scipy"]).0) == 0, "python3 with numpy and scipy not installed — skipped"))
  func referenceReproduces() throws {
    let (status, out, err) = try run(["python3", Paths.golden.appendingPathComponent("features.py").path, "--check"])
    #expect(status == 0, "\(out) \(err)")
  }
}

@Suite("Opt-in features in the front end and the model file")
struct FeatureFrontEndTests {
  /// A 1-axis configuration over the first golden case, with `features`.
  func config(_ features: FeatureSet) -> FrontEndConfig {
    let c = FeatureGolden.shared.cases[0]
    return FrontEndConfig(axes: 1, windowLength: c.n, hop: c.n, bands: layout(c.edges), sampleRateMilliHz: 20_000_000,
                          features: features, envelope: features.contains(.envelope) ? envelopeConfig(c) : EnvelopeConfig())
  }

  func features(_ config: FrontEndConfig) throws -> [Int32] {
    var fe = try FrontEnd<1024>(config: config)
    var out: [Int32] = []
    FeatureGolden.shared.cases[0].input.withUnsafeBufferPointer { p in
      fe.push(p) { v in out = (0..<v.count).map { v[$0] } }
    }
    return out
  }

  @Test("layout: bands (relative), total, envelope bands, then the eight statistics; the default vector is unchanged")
  func layoutInVector() throws {
    let c = FeatureGolden.shared.cases[0]
    let plain = try features(config([]))
    let both = try features(config([.relative, .envelope]))
    let b = c.edges.count - 1, e = c.envelopeEdges.count - 1
    #expect(plain.count == b + 8 && both.count == b + 1 + e + 8)
    #expect(config([.relative, .envelope]).bandLikeCount == b + 1 + e)
    #expect(Array(both.suffix(8)) == Array(plain.suffix(8)), "statistics unchanged")
    let (rel, total) = relativeBands(c)
    #expect(both.prefix(b).map { Double($0) / 65536 } == rel)
    #expect(Double(both[b]) / 65536 == total)
    #expect(both[(b + 1)..<(b + 1 + e)].map { Double($0) / 65536 } == envelopeBands(c))
    // Absolute band = relative + total (to rounding of the subtraction: exact in Q16.16).
    for k in 0..<b where plain[k] != silentBandDecibelsQ16 { #expect(plain[k] == both[k] &+ both[b]) }
  }

  @Test("2,000 windows with both features (3 axes, N = 1024, hop N/2, decimator by 2): zero mallocs after init")
  func zeroMallocs() throws {
    var config = try standardConfig(axes: 3, n: 1024, hop: 512, decimation: 2)
    config.features = [.relative, .envelope]
    config.envelope = envelopeConfig(FeatureGolden.shared.cases[0])
    let fe = UnsafeMutablePointer<FrontEnd<1024>>.allocate(capacity: 1)
    fe.initialize(to: try FrontEnd<1024>(config: config))
    defer { fe.deinitialize(count: 1); fe.deallocate() }
    let chunk = testSignal(frames: 512 * 5, axes: 3)
    var windows = 0
    var checksum: Int64 = 0
    chunk.withUnsafeBufferPointer { p in fe.pointee.push(p) { _ in } }   // warm-up (runtime metadata)
    let before = vigil_malloc_count()
    chunk.withUnsafeBufferPointer { p in
      while windows < 2_000 {
        fe.pointee.push(p) { fv in windows += 1; checksum &+= Int64(fv[config.bands.count + 2]) }   // an envelope band
      }
    }
    #expect(vigil_malloc_count() - before == 0)
    #expect(checksum != 0 && windows >= 2_000)
  }

  @Test("configuration errors name the setting")
  func configErrors() {
    var c = config([.envelope])
    c.envelope.log2Width = 7               // W = 128 > 64
    #expect(throws: ConfigError.envelopeCarrierOutOfRange) { try c.validate(capacity: 1024) }
    c = config([.envelope]); c.envelope.carrierBin = 512 - c.envelope.width + 1    // passes N/2
    #expect(throws: ConfigError.envelopeCarrierOutOfRange) { try c.validate(capacity: 1024) }
    c = config([.envelope]); c.envelope.carrierBin = 0                             // the DC bin
    #expect(throws: ConfigError.envelopeCarrierOutOfRange) { try c.validate(capacity: 1024) }
    c = config([.envelope]); c.envelope.bands = layout([3, 10, UInt16(c.envelope.width + 2)])   // past the envelope's Nyquist
    #expect(throws: ConfigError.bandEdgeBeyondNyquist) { try c.validate(capacity: 1024) }
    c = config([.envelope]); c.envelope = EnvelopeConfig()
    #expect(throws: ConfigError.envelopeWithoutBands) { try c.validate(capacity: 1024) }
    c = config([]); c.features = FeatureSet(rawValue: 0x80)
    #expect(throws: ConfigError.unknownFeatures) { try c.validate(capacity: 1024) }
    let wide = layout((0...32).map { UInt16($0 + 1) })
    c = FrontEndConfig(axes: 3, windowLength: 1024, hop: 512, bands: wide, features: [.relative])   // 3 × (33 + 8) = 123
    #expect(throws: ConfigError.tooManyFeatures) { try c.validate(capacity: 1024) }
  }

  func modelBytes(_ fe: FrontEndConfig) throws -> [UInt8] {
    var ae = try Autoencoder(featureCount: fe.featureCount)
    let f = fe.featureCount
    for i in 0..<f { try ae.setNormalisation(i, mean: 0, multiplier: 1, shift: 1) }
    let w = [Int8](repeating: 1, count: f * 4), w2 = [Int8](repeating: 1, count: 4 * f)
    try w.withUnsafeBufferPointer { wp in
      try [Int32](repeating: 0, count: 4).withUnsafeBufferPointer { b in
        try [Int32](repeating: 1 << 30, count: 4).withUnsafeBufferPointer { m in
          try [UInt8](repeating: 8, count: 4).withUnsafeBufferPointer { s in
            try ae.appendLayer(inputs: f, outputs: 4, relu: true, weights: wp, biases: b, multipliers: m, shifts: s)
          }
        }
      }
    }
    try w2.withUnsafeBufferPointer { wp in
      try [Int32](repeating: 0, count: f).withUnsafeBufferPointer { b in
        try [Int32](repeating: 1 << 30, count: f).withUnsafeBufferPointer { m in
          try [UInt8](repeating: 8, count: f).withUnsafeBufferPointer { s in
            try ae.appendLayer(inputs: 4, outputs: f, relu: false, weights: wp, biases: b, multipliers: m, shifts: s)
          }
        }
      }
    }
    let model = Model(frontEnd: fe, detector: .autoencoder, threshold: 65536, policy: .standard, autoencoder: ae)
    var out = [UInt8](repeating: 0, count: 16384)
    let n = out.withUnsafeMutableBufferPointer { model.serialize(into: $0) }!
    return Array(out.prefix(n))
  }

  @Test("model file: the default front end stays version 2; features write version 3, read back field for field")
  func modelVersions() throws {
    let plain = try modelBytes(config([]))
    #expect(plain[4] == 2)
    let fe = config([.relative, .envelope])
    let bytes = try modelBytes(fe)
    #expect(bytes[4] == 3)
    let m = try bytes.withUnsafeBufferPointer { p throws(ModelError) in try Model.parse(p, expectedFingerprint: fe.fingerprint) }
    #expect(m.frontEnd.features == [.relative, .envelope])
    #expect(m.frontEnd.envelope.carrierBin == fe.envelope.carrierBin && m.frontEnd.envelope.log2Width == fe.envelope.log2Width)
    #expect(m.frontEnd.envelope.bands.count == fe.envelope.bands.count)
    #expect((0..<fe.envelope.bands.count).allSatisfy { m.frontEnd.envelope.bands.upperBin($0) == fe.envelope.bands.upperBin($0) })
    #expect(m.frontEnd.fingerprint == fe.fingerprint && fe.fingerprint != config([]).fingerprint)
    #expect(m.autoencoder.featureCount == fe.featureCount)
  }

  @Test("model file: a feature bit this build does not know is refused by name; version 4 is refused")
  func modelRefusals() throws {
    var bytes = try modelBytes(config([.relative]))
    // The feature byte follows the band edges of the front-end section (16 + 16 + 2·(bands + 1)).
    let at = 16 + 16 + 2 * FeatureGolden.shared.cases[0].edges.count
    #expect(bytes[at] == FeatureSet.relative.rawValue)
    bytes[at] = 0x81
    func reseal(_ b: inout [UInt8]) {
      // Re-seal: the fingerprint over the front-end section, the CRC over everything before it.
      let feEnd = at + 1
      let fp = b[16..<feEnd].withUnsafeBufferPointer { crc32($0) }
      for i in 0..<4 { b[12 + i] = UInt8(truncatingIfNeeded: fp >> (8 * UInt32(i))) }
      let crc = b.dropLast(4).withUnsafeBufferPointer { crc32($0) }
      for i in 0..<4 { b[b.count - 4 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
    }
    reseal(&bytes)
    #expect(throws: ModelError.unsupportedFeatures) { try bytes.withUnsafeBufferPointer { p throws(ModelError) in try Model.parse(p) } }
    bytes[at] = FeatureSet.relative.rawValue; bytes[4] = 4
    reseal(&bytes)
    #expect(throws: ModelError.unsupportedVersion) { try bytes.withUnsafeBufferPointer { p throws(ModelError) in try Model.parse(p) } }
  }
}
