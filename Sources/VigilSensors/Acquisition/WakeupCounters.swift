// What woke an acquisition up to drain the sensor's FIFO: part of `AcquisitionCounters`.

/// How an acquisition's drains started.
public struct WakeupCounters: Sendable, Equatable {
  /// Drains started by a data-ready edge.
  public var edges: UInt32 = 0
  /// Drains started by the timer because no edge came in time.
  public var timedDrains: UInt32 = 0
  /// Timed drains that found the FIFO at or above its watermark: an edge that should have come did not.
  public var missedEdges: UInt32 = 0
  /// Edges the platform reported lost (libgpiod v2 sequence gaps, kernel buffer overflow).
  public var lostEdges: UInt32 = 0
}
