// One event leaving the device (encoded by Transport/EventEncoding.swift as a JSON line or a binary frame).

/// One event leaving the device.
public struct AlertEvent: Sendable {
  public var kind: EventKind
  public var severity: Severity
  /// 0-based index of the window that caused it.
  public var window: UInt32
  /// Caller's timestamp for that window (e.g. milliseconds since the epoch).
  public var timestamp: UInt64
  /// Smoothed score and the threshold, detector units.
  public var score: Int32
  public var threshold: Int32
  public var detector: DetectorKind
  /// The window's top three contributors (feature −1: none).
  public var top: InlineArray<3, Contribution>
  /// Windows scored so far and alerts raised so far (counters).
  public var windows: UInt32
  public var alerts: UInt32
}
