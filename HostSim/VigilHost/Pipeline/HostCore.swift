// Heap boxes for the core's large fixed-capacity structs, so host code can hold and run them without
// copying tens of kilobytes. The code inside is the device's code.

import VigilCore

/// The front end on the host: extracts feature vectors from segments.
public final class FeatureExtractor {
  let box: UnsafeMutablePointer<FrontEnd<4096>>
  public let config: FrontEndConfig

  public init(config: FrontEndConfig) throws(ConfigError) {
    self.config = config
    box = .allocate(capacity: 1)
    box.initialize(to: try FrontEnd<4096>(config: config))
  }
  deinit { box.deinitialize(count: 1); box.deallocate() }

  /// The feature vectors of one segment (the front end starts afresh: no window spans segments).
  public func features(_ samples: [Int16]) -> [[Int32]] {
    box.pointee.reset()
    var out: [[Int32]] = []
    samples.withUnsafeBufferPointer { p in
      box.pointee.push(p) { fv in out.append((0..<fv.count).map { fv[$0] }) }
    }
    return out
  }
}

/// The whole monitor on the host (front end → detector → alerts), as the device runs it.
public final class HostMonitor {
  let box: UnsafeMutablePointer<Monitor<4096>>

  public init(model: Model) throws(ConfigError) {
    box = .allocate(capacity: 1)
    box.initialize(to: try Monitor<4096>(model: model))
  }
  deinit { box.deinitialize(count: 1); box.deallocate() }

  public var model: Model { box.pointee.model }

  /// Runs one segment (a new segment: no window spans the gap) and returns its windows' reports. The
  /// samples are pushed `chunkFrames` frames at a time, as a sensor's FIFO delivers them (the results do
  /// not depend on the chunking; the delivery is faithful anyway). Every push carries `timestampMillis`.
  public func run(_ segment: Segment, timestampMillis: UInt64, chunkFrames: Int = 32) -> [WindowReport] {
    var out: [WindowReport] = []
    push(segment, chunkFrames: chunkFrames, timestamp: { _ in timestampMillis }) { r, _ in out.append(r) }
    return out
  }

  /// Runs one segment like `run(_:timestampMillis:chunkFrames:)`, but each push carries the time of its
  /// last frame, as a device clock would: the segment's time plus the frames pushed so far over
  /// `sampleRate` (so a continuous recording, one segment from time 0, still gets times along the run).
  /// Returns each window's report with that time in seconds.
  public func run(_ segment: Segment, sampleRate: Double, chunkFrames: Int = 32) -> [(report: WindowReport, time: Double)] {
    var out: [(report: WindowReport, time: Double)] = []
    func seconds(_ frames: Int) -> Double { segment.time + Double(frames) / sampleRate }
    func millis(_ frames: Int) -> UInt64 {
      let ms = (seconds(frames) * 1000).rounded(.down)
      return ms.isFinite && ms > 0 ? UInt64(min(ms, 1.8e19)) : 0
    }
    push(segment, chunkFrames: chunkFrames, timestamp: millis) { r, frames in
      out.append((r, seconds(frames)))
    }
    return out
  }

  /// Pushes `segment` in chunks; `timestamp(frames)` gives the timestamp of the chunk that ends after
  /// `frames` frames; `report` receives each window's report and that frame count.
  private func push(_ segment: Segment, chunkFrames: Int, timestamp: (Int) -> UInt64, report: (WindowReport, Int) -> Void) {
    box.pointee.startSegment()
    let axes = box.pointee.model.frontEnd.axes
    let step = max(1, chunkFrames) * axes
    segment.samples.withUnsafeBufferPointer { p in
      var at = 0
      while at < p.count {
        let end = min(p.count, at + step)
        box.pointee.push(UnsafeBufferPointer(rebasing: p[at..<end]), timestamp: timestamp(end / axes)) { report($0, end / axes) }
        at = end
      }
    }
  }
}
