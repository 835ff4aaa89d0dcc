// The alert state machine: what leaves the device.
//
// Per window: the score (detector units) is capped at twice the critical level — so that one outlier window
// (a knock on the machine) cannot hold the average above the threshold for several windows — and smoothed
// by an EWMA (alpha in Q15). After `warmUpWindows`
// windows (no event at all before that), the smoothed score is compared with three levels derived from the
// threshold (ratios in Q16.16): raise (≥ threshold·raiseRatio), critical (≥ threshold·criticalRatio) and
// clear (< threshold·clearRatio; clearRatio < raiseRatio gives hysteresis). Debounce is k-of-n: the last n
// comparisons are kept as bit masks and a transition needs k of them. Transitions:
//   normal  → warning or critical (event .raise, severity by the critical mask)
//   warning → critical (event .escalate)
//   warning/critical → normal (event .clear)
// and a .heartbeat event every `heartbeatWindows` windows without another event (0: never). Nothing else
// is emitted: an event only when the state changes or a heartbeat is due.

/// The state machine (no allocation; one per monitored machine).
public struct AlertStateMachine: Sendable {
  public let policy: AlertPolicy
  public let threshold: Int32
  public let detector: DetectorKind
  public private(set) var state: Severity = .normal
  @usableFromInline var smoothed: Int64 = 0
  @usableFromInline var above: UInt32 = 0
  @usableFromInline var critical: UInt32 = 0
  @usableFromInline var below: UInt32 = 0
  public private(set) var windows: UInt32 = 0
  public private(set) var alerts: UInt32 = 0
  @usableFromInline var sinceEvent: Int32 = 0
  @usableFromInline let raiseLevel: Int64, clearLevel: Int64, criticalLevel: Int64, cap: Int64
  @usableFromInline let mask: UInt32

  /// A state machine for `threshold` (detector units); `policy` must be valid (else `.standard` is used).
  public init(threshold: Int32, detector: DetectorKind, policy: AlertPolicy) {
    self.policy = policy.isValid ? policy : .standard
    self.threshold = threshold
    self.detector = detector
    let t = wide(threshold)
    raiseLevel = shr(t &* wide(self.policy.raiseRatioQ16), 16)
    clearLevel = shr(t &* wide(self.policy.clearRatioQ16), 16)
    criticalLevel = shr(t &* wide(self.policy.criticalRatioQ16), 16)
    cap = max(2 &* criticalLevel, 1)
    let n = Int(self.policy.debounceN)
    mask = n == 32 ? UInt32.max : (UInt32(1) &<< UInt32(n)) &- 1
  }

  /// The current smoothed score (detector units).
  public var smoothedScore: Int32 { sat32(smoothed) }

  /// Feeds one window's score; returns the event it causes, if any.
  public mutating func update(_ score: Score, timestamp: UInt64) -> AlertEvent? {
    let window = windows
    windows &+= 1
    let s = min(wide(score.value), cap)
    if window == 0 {
      smoothed = s
    } else {
      smoothed &+= shr((s &- smoothed) &* wide(policy.smoothingQ15), 15)
    }
    if window < UInt32(truncatingIfNeeded: policy.warmUpWindows) { return nil }   // warmUp >= 0 (validated)
    above = ((above &<< 1) | (smoothed >= raiseLevel ? 1 : 0)) & mask
    critical = ((critical &<< 1) | (smoothed >= criticalLevel ? 1 : 0)) & mask
    below = ((below &<< 1) | (smoothed < clearLevel ? 1 : 0)) & mask
    let k = Int(policy.debounceK)
    var kind: EventKind? = nil
    switch state {
    case .normal:
      if above.nonzeroBitCount >= k {
        state = critical.nonzeroBitCount >= k ? .critical : .warning
        alerts &+= 1
        kind = .raise
      }
    case .warning:
      if below.nonzeroBitCount >= k { state = .normal; kind = .clear }
      else if critical.nonzeroBitCount >= k { state = .critical; kind = .escalate }
    case .critical:
      if below.nonzeroBitCount >= k { state = .normal; kind = .clear }
    }
    sinceEvent &+= 1
    if kind == nil && policy.heartbeatWindows > 0 && sinceEvent >= policy.heartbeatWindows { kind = .heartbeat }
    guard let kind else { return nil }
    sinceEvent = 0
    return AlertEvent(kind: kind, severity: state, window: window, timestamp: timestamp, score: sat32(smoothed),
                      threshold: threshold, detector: detector, top: score.top, windows: windows, alerts: alerts)
  }
}
