// Test inputs shared by the core, host and firmware tests: a seeded vibration-like signal, the standard front
// end configuration, and the feature vectors of a signal pushed in chunks.

import Foundation
import VigilCore
import VigilHost

/// Three axes of vibration-like test signal: tones, a DC offset, noise and occasional impacts.
public func testSignal(frames: Int, axes: Int, seed: UInt64 = 1) -> [Int16] {
  var rng = SeededGenerator(seed: seed)
  var out = [Int16](repeating: 0, count: frames * axes)
  for i in 0..<frames {
    for a in 0..<axes {
      let t = Double(i)
      var v = 2000 * sin(0.05 * t * Double(a + 1)) + 600 * sin(0.9 * t) + 300 + Double(a) * 150
      v += Double(Int(rng.next() % 801) - 400)
      if i % 3001 == 17 { v += 20000 }
      out[i * axes + a] = Int16(max(-32768, min(32767, v)))
    }
  }
  return out
}

/// The front end the tests share: 16 log-spaced bands from 5 Hz, a 3 Hz high-pass, an anti-alias filter when
/// decimating, at 3200 Hz.
public func standardConfig(axes: Int = 3, n: Int = 1024, hop: Int = 512, decimation: Int = 1) throws -> FrontEndConfig {
  let fs = 3200.0
  let edges = try logSpacedBandEdges(bands: 16, low: 5, high: fs / Double(2 * decimation), windowLength: n,
                                     sampleRate: fs / Double(decimation))
  let filter = try butterworth(order: 2, .highPass(cutoff: 3), sampleRate: fs).cascade()
  let aa = decimation > 1
    ? try butterworth(order: 6, .lowPass(cutoff: 0.8 * fs / Double(2 * decimation)), sampleRate: fs).cascade()
    : BiquadCascade()
  return FrontEndConfig(axes: axes, windowLength: n, hop: hop, bands: try bandLayout(edges: edges),
                        dcBlockerPole: Int32(0.995 * 2_147_483_648), filter: filter,
                        decimation: decimation, antiAlias: aa)
}

/// All feature vectors of `samples` pushed in the given chunk sizes.
public func features<let C: Int>(_ fe: inout FrontEnd<C>, _ samples: [Int16], chunks: [Int]) -> [[Int32]] {
  var out: [[Int32]] = []
  samples.withUnsafeBufferPointer { all in
    var at = 0
    var k = 0
    while at < all.count {
      let len = min(chunks[k % chunks.count], all.count - at)
      fe.push(UnsafeBufferPointer(rebasing: all[at..<(at + len)])) { fv in out.append((0..<fv.count).map { fv[$0] }) }
      at += len; k += 1
    }
  }
  return out
}
