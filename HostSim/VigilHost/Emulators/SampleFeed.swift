// The samples an emulated sensor measures: a real recording seen through the same SensorModel as
// `--sensor` (anti-alias, resample, scale, clip, quantise, noise), so the part delivers exactly the counts
// a replay with that sensor pushes through the core.

import Foundation
import VigilCore

/// Frames of a recording, handed to an emulated part one at a time as it samples.
public final class SampleFeed {
  /// How the recording's segments map onto the part's measuring periods.
  public enum Policy: Sendable {
    /// Each time the part starts measuring, the next segment begins (snapshot recordings taken by an
    /// acquisition in snapshot mode: power-up k measures segment k).
    case segmentPerPowerUp
    /// The segments are one continuous signal that runs on while the part is in standby or unplugged.
    case continuous
  }

  public let source: SensorSource
  public let segments: Range<Int>
  public let policy: Policy
  /// Counts per g of the delivered stream (for the axes a recording lacks: Z gets +1 g, as at rest).
  let countsPerG: Int16
  private var segment: Int
  private var samples: [Int16] = []
  private var index = 0
  private var started = false
  /// Frames handed out so far.
  public private(set) var delivered = 0
  /// Frames skipped while the part was not measuring (continuous policy).
  public private(set) var skipped = 0
  /// No frames left.
  public private(set) var exhausted = false

  public init(source: SensorSource, segments: Range<Int>? = nil, policy: Policy = .segmentPerPowerUp) {
    self.source = source
    self.segments = segments ?? 0..<source.segmentCount
    self.policy = policy
    self.segment = self.segments.lowerBound - 1
    countsPerG = Int16(clamping: Int(source.sensor.countsPerG.rounded()))
  }

  /// The segment currently being delivered.
  public var currentSegment: Int { segment }

  /// The part starts measuring; `idleFrames` is how many sample periods passed since it stopped.
  public func startMeasuring(idleFrames: Int) throws {
    switch policy {
    case .segmentPerPowerUp:
      try load(segment + 1)
    case .continuous:
      if !started { try load(segments.lowerBound) } else { try skip(idleFrames) }
    }
    started = true
  }

  private func load(_ s: Int) throws {
    segment = s
    index = 0
    if s >= segments.upperBound { exhausted = true; samples = []; return }
    samples = try source.segment(s).samples
  }

  private func skip(_ n: Int) throws {
    var left = n
    while left > 0 && !exhausted {
      let frames = samples.count / source.axes
      let step = min(left, frames - index)
      index += step; left -= step; skipped += step
      if index >= frames { try load(segment + 1) }
    }
  }

  /// Frames asked for past the end of a snapshot's segment (the last frame is held for them).
  public private(set) var held = 0

  /// The next frame as X, Y, Z counts (a recording's missing axes: Y = 0, Z = +1 g), or nil at the end.
  /// Snapshot policy: a segment never runs into the next one (the next power-up starts it); past its end
  /// the last frame is held.
  public func next() throws -> (Int16, Int16, Int16)? {
    let axes = source.axes
    if policy == .segmentPerPowerUp && !exhausted && index >= samples.count / axes && index > 0 {
      held += 1
      return frame(at: index - 1)
    }
    while !exhausted && index >= samples.count / axes { try load(segment + 1) }
    if exhausted { return nil }
    let f = frame(at: index)
    index += 1; delivered += 1
    return f
  }

  private func frame(at i: Int) -> (Int16, Int16, Int16) {
    let axes = source.axes
    let base = i * axes
    let x = samples[base]
    let y = axes > 1 ? samples[base + 1] : 0
    let z = axes > 2 ? samples[base + 2] : countsPerG
    return (x, y, z)
  }
}
