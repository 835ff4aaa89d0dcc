// What the monitor reports for every window: its score, the alert state and the event it caused, if any.

/// One scored window.
public struct WindowReport: Sendable {
  /// 0-based index of the window since the monitor started.
  public var window: UInt32
  public var features: FeatureVector
  public var score: Score
  /// The event this window caused (nil: nothing leaves the device).
  public var event: AlertEvent?
  public init(window: UInt32, features: FeatureVector, score: Score, event: AlertEvent?) {
    self.window = window; self.features = features; self.score = score; self.event = event
  }
}
