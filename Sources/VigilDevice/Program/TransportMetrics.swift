// What the transport tells the metrics file (MetricsFile.swift): outbox depth, drops, last publish time.

/// What the transport reports to the metrics. Standard output alone has no outbox (depth and drops stay 0);
/// the MQTT transport sets `outboxDepth` / `outboxDropped` and stamps `lastPublishedNanoseconds` when the
/// broker acknowledges an event (standard output stamps it when the line is written).
public struct TransportMetrics: Sendable {
  /// Events waiting in the durable outbox.
  public var outboxDepth: UInt32 = 0
  /// Events dropped because the outbox was full (documented drop order).
  public var outboxDropped: UInt32 = 0
  /// CLOCK_MONOTONIC of the last event published (0: none yet).
  public var lastPublishedNanoseconds: UInt64 = 0
  public init() {}
}

/// The transport's figures for the next metrics file (the hook the transport fills).
nonisolated(unsafe) public var transportMetrics = TransportMetrics()

