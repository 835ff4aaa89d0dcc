// What went wrong during an acquisition, each recovered from: part of `AcquisitionCounters`.

/// An acquisition's faults and what they cost.
public struct FaultCounters: Sendable, Equatable {
  /// FIFO overruns (samples overwritten before they were read), each recovered with a new segment.
  public var overruns: UInt32 = 0
  /// Failed bus transactions (NACK, timeout, I/O error, implausible status).
  public var busErrors: UInt32 = 0
  /// Successful re-probes after the sensor stopped answering (unplug, power loss).
  public var reprobes: UInt32 = 0
  /// Samples (frames) lost to overruns, outages and abandoned snapshots (estimated from time and ODR).
  public var lostSamples: UInt64 = 0
}
