// The whole on-device pipeline: front end → detector (autoencoder or baseline) → alert state machine.
// The device loop, the host replay and the tests all run this one type.

/// Monitors one machine with a model: push samples, get a report per window and the events to send.
public struct Monitor<let capacity: Int> {
  @usableFromInline var fe: FrontEnd<capacity>
  public let model: Model
  @usableFromInline var machine: AlertStateMachine
  /// The front end (its configuration, window count, latest features).
  public var frontEnd: FrontEnd<capacity> { fe }
  /// The alert state machine (state, counters).
  public var alerts: AlertStateMachine { machine }

  /// A monitor running `model` (its front-end configuration must fit `capacity`).
  public init(model: Model) throws(ConfigError) {
    fe = try FrontEnd<capacity>(config: model.frontEnd)
    self.model = model
    machine = AlertStateMachine(threshold: model.threshold, detector: model.detector, policy: model.policy)
  }

  /// Scores a feature vector with the model's detector.
  @inlinable
  public func score(_ features: FeatureVector) -> Score { model.score(features) }

  /// Starts a new segment (e.g. the next snapshot of a snapshot-style recording): no window will span the
  /// gap; the alert state carries on.
  public mutating func startSegment() { fe.reset() }

  /// Pushes interleaved samples; `timestamp` is the caller's time for this chunk and is carried by the
  /// events of the windows it completes. `onWindow` sees every window's report.
  @inlinable
  public mutating func push(_ chunk: UnsafeBufferPointer<Int16>, timestamp: UInt64,
                            onWindow: (borrowing WindowReport) -> Void) {
    var rest = chunk
    while !rest.isEmpty {
      let used = fe.consume(rest)
      rest = UnsafeBufferPointer(rebasing: rest[used...])
      if !fe.windowReady { continue }
      let features = fe.features
      let s = score(features)
      let event = machine.update(s, timestamp: timestamp)
      onWindow(WindowReport(window: machine.windows &- 1, features: features, score: s, event: event))
    }
  }
}

extension Model {
  /// Scores one window's features with this model's detector: the autoencoder's reconstruction error or
  /// the baseline's largest per-axis RMS / kurtosis. What the device does for every window; the host's
  /// training, calibration and evaluation call the same function.
  @inlinable
  public func score(_ features: FeatureVector) -> Score {
    switch detector {
    case .autoencoder: return autoencoder.score(features)
    case .rms, .kurtosis: return baselineScore(detector, features, axes: frontEnd.axes)
    }
  }
}
