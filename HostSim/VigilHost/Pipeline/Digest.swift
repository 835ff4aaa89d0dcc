// Digests of everything the core computes on a stream: how two builds of the same core (another x86-64
// baseline, another compiler flag) are shown bit-identical without storing their outputs.

import VigilCore

/// FNV-1a (64-bit) over 32-bit values.
public struct Digest: Sendable, Equatable {
  public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325
  public init() {}
  public mutating func add(_ v: Int32) {
    var u = UInt32(bitPattern: v)
    for _ in 0..<4 { value = (value ^ UInt64(u & 0xFF)) &* 0x0000_0100_0000_01B3; u >>= 8 }
  }
}

/// A deterministic vibration-like stream (interleaved Int16), integer arithmetic only (so every build
/// makes the same samples): per axis two triangle tones, an offset and pseudo-random noise, with a burst
/// that clips at full scale for 64 frames of every 4096, so the saturating paths run too.
public func syntheticStream(frames: Int, axes: Int, seed: UInt32 = 12345) -> [Int16] {
  var state = seed
  func triangle(_ phase: UInt32) -> Int { let p = Int(phase >> 16); return p < 32768 ? 2 * p - 32768 : 98303 - 2 * p }
  return (0..<(frames * axes)).map { i in
    state = state &* 1_664_525 &+ 1_013_904_223
    let f = UInt32(truncatingIfNeeded: i / axes), a = UInt32(i % axes + 1)
    var v = triangle(f &* (21_000_000 &* a)) * 3000 / 32768 + triangle(f &* (520_000_000 / a)) * 800 / 32768
    v += 200 * Int(a) + Int(state >> 22) - 512
    if f % 4096 < 64 { v += triangle(f &* 600_000_000) * 2 }
    return Int16(max(-32768, min(32767, v)))
  }
}

/// Pushes `samples` through a front end for `config` (`chunkFrames` frames at a time) and digests every
/// window's feature vector. Returns the window count and the digest.
public func frontEndDigest(config: FrontEndConfig, samples: [Int16], chunkFrames: Int = 32) throws(ConfigError) -> (windows: Int, digest: Digest) {
  let fe = UnsafeMutablePointer<FrontEnd<4096>>.allocate(capacity: 1)
  defer { fe.deinitialize(count: 1); fe.deallocate() }
  fe.initialize(to: try FrontEnd<4096>(config: config))
  var d = Digest(), windows = 0
  let step = max(1, chunkFrames) * config.axes
  samples.withUnsafeBufferPointer { p in
    var at = 0
    while at < p.count {
      let end = min(p.count, at + step)
      fe.pointee.push(UnsafeBufferPointer(rebasing: p[at..<end])) { fv in
        windows += 1
        for i in 0..<fv.count { d.add(fv[i]) }
      }
      at = end
    }
  }
  return (windows, d)
}

/// Pushes `samples` through a monitor for `model` and digests every window's features, score, top
/// contributions and event (kind, severity, window).
public func monitorDigest(model: Model, samples: [Int16], chunkFrames: Int = 32) throws(ConfigError) -> (windows: Int, events: Int, digest: Digest) {
  let monitor = try HostMonitor(model: model)
  var d = Digest(), windows = 0, events = 0
  let step = max(1, chunkFrames) * model.frontEnd.axes
  samples.withUnsafeBufferPointer { p in
    var at = 0
    while at < p.count {
      let end = min(p.count, at + step)
      monitor.box.pointee.push(UnsafeBufferPointer(rebasing: p[at..<end]), timestamp: UInt64(at)) { r in
        windows += 1
        for i in 0..<r.features.count { d.add(r.features[i]) }
        d.add(r.score.value)
        for k in 0..<3 { d.add(Int32(r.score.top[k].feature)); d.add(r.score.top[k].value) }
        if let e = r.event { events += 1; d.add(Int32(e.kind.rawValue)); d.add(Int32(e.severity.rawValue)); d.add(Int32(bitPattern: e.window)); d.add(e.score) }
      }
      at = end
    }
  }
  return (windows, events, d)
}

/// The digests HostBaselineTests pins and `vigil-bench peer digest` prints, so that builds at different
/// x86-64 baselines (Package.swift's VIGIL_HOST_CPU) can be compared: a 3-axis front end at 1600 Hz
/// (N = 1024, 16 bands, DC blocker; and with an order-2 high-pass at 5 Hz, the biquad path) on 120 windows
/// of `syntheticStream`, and `model`'s monitor on 120 windows of a stream with its axis count.
public func baselineDigests(model: Model) throws -> [(name: String, windows: Int, digest: UInt64)] {
  var plan = FrontEndPlan(sampleRate: 1600, axes: 3)
  plan.bands = 16
  let frames = 1024 + 119 * 512
  let three = syntheticStream(frames: frames, axes: 3)
  let plain = try frontEndDigest(config: try plan.config(), samples: three)
  plan.highPass = 5
  let filtered = try frontEndDigest(config: try plan.config(), samples: three)
  let axes = model.frontEnd.axes, n = model.frontEnd.windowLength, hop = model.frontEnd.hop
  let m = try monitorDigest(model: model, samples: syntheticStream(frames: n + 119 * hop, axes: axes, seed: 777))
  return [("front end, 3 axes, DC blocker", plain.windows, plain.digest.value),
          ("front end, 3 axes, DC blocker + high-pass", filtered.windows, filtered.digest.value),
          ("monitor, model's axes", m.windows, m.digest.value)]
}
