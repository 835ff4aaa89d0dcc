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
  /// not depend on the chunking; the delivery is faithful anyway).
  public func run(_ segment: Segment, timestampMillis: UInt64, chunkFrames: Int = 32) -> [WindowReport] {
    var out: [WindowReport] = []
    run(segment, timestampMillis: timestampMillis, chunkFrames: chunkFrames) { out.append(copy $0) }
    return out
  }

  /// `run` handing each window's report to `onWindow` as it completes (nothing kept).
  public func run(_ segment: Segment, timestampMillis: UInt64, chunkFrames: Int = 32,
                  onWindow: (borrowing WindowReport) -> Void) {
    box.pointee.startSegment()
    let step = max(1, chunkFrames) * box.pointee.model.frontEnd.axes
    segment.samples.withUnsafeBufferPointer { p in
      var at = 0
      while at < p.count {
        let end = min(p.count, at + step)
        box.pointee.push(UnsafeBufferPointer(rebasing: p[at..<end]), timestamp: timestampMillis, onWindow: onWindow)
        at = end
      }
    }
  }
}
