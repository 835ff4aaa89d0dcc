// The streaming front end: chunking invariance, window cadence, configuration errors.

import Foundation
import Testing
@testable import VigilCore
import TestSupport
import VigilHost

@Suite("Streaming front end")
struct FrontEndTests {
  @Test("identical features whatever the chunking (random chunk sizes, mid-frame splits)",
        arguments: [(3, 1), (2, 4), (1, 1)])
  func chunkingInvariance(axes: Int, decimation: Int) throws {
    let config = try standardConfig(axes: axes, n: 256, hop: 64, decimation: decimation)
    let signal = testSignal(frames: 256 * decimation * 12, axes: axes)
    var reference = try FrontEnd<256>(config: config)
    let whole = features(&reference, signal, chunks: [signal.count])
    #expect(whole.count == (signal.count / axes / decimation - 256) / 64 + 1)
    var rng = SeededGenerator(seed: 7)
    for trial in 0..<6 {
      let chunks = (0..<50).map { _ in trial == 0 ? 1 : Int(rng.next() % (trial < 3 ? 7 : 3000)) + 1 }
      var fe = try FrontEnd<256>(config: config)
      #expect(features(&fe, signal, chunks: chunks) == whole, "chunking \(chunks.prefix(8))…")
    }
  }

  @Test("three axes with the DC blocker alone (one vector lane per axis) equal three one-axis front ends, whatever the chunking, saturation included")
  func threeAxisLanes() throws {
    let n = 256
    let pole = Int32(0.995 * 2_147_483_648)
    let bands = try bandLayout(edges: try logSpacedBandEdges(bands: 8, low: 5, high: 1600, windowLength: n, sampleRate: 3200))
    var signal = testSignal(frames: n * 6, axes: 3, seed: 3)
    // Full-scale square bursts on every axis (opposite phases): the filter's output clips at ±1.
    for i in 700..<760 { for a in 0..<3 { signal[i * 3 + a] = (i / 2 + a) % 2 == 0 ? .max : .min } }
    var dc = DCBlocker()
    #expect((0..<(n * 6)).map { dc.process(Int32(signal[$0 * 3]) << 16, pole: pole) }.contains(.max),
            "the bursts must drive the blocker into saturation")
    let three = FrontEndConfig(axes: 3, windowLength: n, hop: 64, bands: bands, dcBlockerPole: pole)
    var fe = try FrontEnd<256>(config: three)
    let whole = features(&fe, signal, chunks: [signal.count])
    #expect(whole.count == (n * 6 - n) / 64 + 1)
    // The reference: each axis alone (the scalar DC blocker), its features in that axis's place.
    var expected = [[Int32]](repeating: [], count: whole.count)
    for a in 0..<3 {
      var one = try FrontEnd<256>(config: FrontEndConfig(axes: 1, windowLength: n, hop: 64, bands: bands,
                                                         dcBlockerPole: pole))
      let axis = stride(from: a, to: signal.count, by: 3).map { signal[$0] }
      for (w, f) in features(&one, axis, chunks: [axis.count]).enumerated() { expected[w] += f }
    }
    #expect(whole == expected)
    var rng = SeededGenerator(seed: 11)
    for trial in 0..<4 {   // chunks of 1 frame or less, odd sizes that end mid-frame, long ones
      let chunks = (0..<40).map { _ in trial == 0 ? 1 : Int(rng.next() % (trial == 1 ? 4 : 900)) + 1 }
      var chunked = try FrontEnd<256>(config: three)
      #expect(features(&chunked, signal, chunks: chunks) == whole, "chunking \(chunks.prefix(8))…")
    }
  }

  @Test("window cadence: first window after N samples, then one every hop; features in documented order")
  func cadence() throws {
    let config = try standardConfig(axes: 2, n: 512, hop: 128)
    var fe = try FrontEnd<1024>(config: config)
    let out = features(&fe, testSignal(frames: 512 + 128 * 3 + 127, axes: 2), chunks: [333])
    #expect(out.count == 4)
    #expect(fe.windowCount == 4)
    #expect(config.featureCount == 2 * (16 + 8))
    #expect(out[0].count == config.featureCount)
    // axis 1 has the larger offset and tone, so the layout is observable: its RMS is larger.
    let rms0 = fe.features.statistic(.rms, axis: 0), rms1 = fe.features.statistic(.rms, axis: 1)
    #expect(fe.features[16 + 1] == rms0 && fe.features[24 + 16 + 1] == rms1)
    #expect(rms1 > rms0)
  }

  @Test("the front end's window equals analyseWindow on the same filtered samples")
  func sameKernel() throws {
    let bands = layout([1, 4, 16, 65])
    let config = FrontEndConfig(axes: 1, windowLength: 128, hop: 128, bands: bands)
    var fe = try FrontEnd<128>(config: config)
    let signal = testSignal(frames: 128, axes: 1)
    let out = features(&fe, signal, chunks: [128])
    var stats = [Int32](repeating: 0, count: 8), energies = [Int32](repeating: 0, count: 32)
    var x = q31(signal)
    x.withUnsafeMutableBufferPointer { w in stats.withUnsafeMutableBufferPointer { s in
      energies.withUnsafeMutableBufferPointer { e in analyseWindow(w, count: 128, layout: bands, statistics: s, bandEnergies: e) } } }
    #expect(out == [Array(energies.prefix(3)) + stats])
  }

  @Test("invalid configurations are rejected with the matching error")
  func configErrors() throws {
    let b = layout([1, 8, 30])
    func make(_ c: FrontEndConfig) throws(ConfigError) { _ = try FrontEnd<1024>(config: c) }
    #expect(throws: ConfigError.windowLengthNotPowerOfTwo) { try make(FrontEndConfig(axes: 1, windowLength: 1000, hop: 500, bands: b)) }
    #expect(throws: ConfigError.windowLengthOutOfRange) { try make(FrontEndConfig(axes: 1, windowLength: 32, hop: 16, bands: b)) }
    #expect(throws: ConfigError.windowLongerThanCapacity) { try make(FrontEndConfig(axes: 1, windowLength: 2048, hop: 1024, bands: b)) }
    #expect(throws: ConfigError.axesOutOfRange) { try make(FrontEndConfig(axes: 4, windowLength: 256, hop: 128, bands: b)) }
    #expect(throws: ConfigError.axesOutOfRange) { try make(FrontEndConfig(axes: 0, windowLength: 256, hop: 128, bands: b)) }
    #expect(throws: ConfigError.hopOutOfRange) { try make(FrontEndConfig(axes: 1, windowLength: 256, hop: 0, bands: b)) }
    #expect(throws: ConfigError.hopOutOfRange) { try make(FrontEndConfig(axes: 1, windowLength: 256, hop: 257, bands: b)) }
    #expect(throws: ConfigError.decimationOutOfRange) { try make(FrontEndConfig(axes: 1, windowLength: 256, hop: 128, bands: b, decimation: 17)) }
    #expect(throws: ConfigError.dcBlockerPoleOutOfRange) { try make(FrontEndConfig(axes: 1, windowLength: 256, hop: 128, bands: b, dcBlockerPole: -5)) }
    #expect(throws: ConfigError.bandEdgeBeyondNyquist) {
      try make(FrontEndConfig(axes: 1, windowLength: 64, hop: 32, bands: layout([1, 8, 40])))
    }
    #expect(ConfigError.windowLongerThanCapacity.message.description.contains("capacity"))
  }
}
