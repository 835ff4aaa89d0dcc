// What an acquisition counts: the numbers the device reports in every heartbeat and `vigil-sim device`
// prints on stderr.

/// Counters of an acquisition since it started.
public struct AcquisitionCounters: Sendable, Equatable {
  /// Windows the monitor scored.
  public var windows: UInt32 = 0
  /// Frames read from the sensor and pushed to the monitor.
  public var frames: UInt64 = 0
  /// Drains started by a data-ready edge.
  public var edges: UInt32 = 0
  /// Drains started by the timer because no edge came in time.
  public var timedDrains: UInt32 = 0
  /// Timed drains that found the FIFO at or above its watermark: an edge that should have come did not.
  public var missedEdges: UInt32 = 0
  /// Edges the platform reported lost (libgpiod v2 sequence gaps, kernel buffer overflow).
  public var lostEdges: UInt32 = 0
  /// FIFO overruns (samples overwritten before they were read), each recovered with a new segment.
  public var overruns: UInt32 = 0
  /// Failed bus transactions (NACK, timeout, I/O error, implausible status).
  public var busErrors: UInt32 = 0
  /// Successful re-probes after the sensor stopped answering (unplug, power loss).
  public var reprobes: UInt32 = 0
  /// Samples (frames) lost to overruns, outages and abandoned snapshots (estimated from time and ODR).
  public var lostSamples: UInt64 = 0
  /// Segments started (the first one, and one after every gap or snapshot).
  public var segments: UInt32 = 0
  /// Snapshots completed (snapshot mode).
  public var snapshots: UInt32 = 0
  public init() {}
}
