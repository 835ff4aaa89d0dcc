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
//
// Against flapping (an excursion that raises, clears and re-raises within minutes is one episode):
//   minimum episode length: the debounced raise condition must hold for `raiseHoldWindows` consecutive
//     windows before .raise (a short excursion never becomes an alert);
//   clear delay: the debounced clear condition must hold for `clearHoldWindows` consecutive windows before
//     .clear (a dip inside an episode does not end it; a re-raise within that time is the same episode);
//   escalation: a warning that lasts `escalateAfterWindows` windows escalates to critical (0: only by level).
// All three are window counts (0: off, the plain k-of-n machine). `alerts` counts episodes (raises).

/// Alert tuning, stored in the model file (defaults: see `AlertPolicy.standard`).
public struct AlertPolicy: Sendable, Equatable {
  public var warmUpWindows: Int32
  /// EWMA weight of the newest score, Q15 (32768 = no smoothing).
  public var smoothingQ15: Int32
  public var raiseRatioQ16: Int32
  public var clearRatioQ16: Int32
  public var criticalRatioQ16: Int32
  /// k of k-of-n debounce.
  public var debounceK: Int32
  /// n of k-of-n debounce (1...32).
  public var debounceN: Int32
  /// Windows between heartbeats (0: no heartbeat).
  public var heartbeatWindows: Int32
  /// Minimum episode length: consecutive windows the debounced raise condition must hold before a raise (0: at once).
  public var raiseHoldWindows: Int32
  /// Clear delay: consecutive windows the debounced clear condition must hold before a clear (0: at once).
  public var clearHoldWindows: Int32
  /// Escalation: windows a warning lasts before it escalates to critical (0: only when the level is reached).
  public var escalateAfterWindows: Int32

  public init(warmUpWindows: Int32, smoothingQ15: Int32, raiseRatioQ16: Int32, clearRatioQ16: Int32,
              criticalRatioQ16: Int32, debounceK: Int32, debounceN: Int32, heartbeatWindows: Int32,
              raiseHoldWindows: Int32 = 0, clearHoldWindows: Int32 = 0, escalateAfterWindows: Int32 = 0) {
    self.warmUpWindows = warmUpWindows; self.smoothingQ15 = smoothingQ15
    self.raiseRatioQ16 = raiseRatioQ16; self.clearRatioQ16 = clearRatioQ16; self.criticalRatioQ16 = criticalRatioQ16
    self.debounceK = debounceK; self.debounceN = debounceN; self.heartbeatWindows = heartbeatWindows
    self.raiseHoldWindows = raiseHoldWindows; self.clearHoldWindows = clearHoldWindows
    self.escalateAfterWindows = escalateAfterWindows
  }

  /// Warm-up 8 windows, EWMA 0.25, raise at 1.0×, clear below 0.8×, critical at 2.0× the threshold,
  /// 3-of-5 debounce, a heartbeat every 600 windows; an episode needs 4 windows more of the raise condition,
  /// clears after 120 windows of the clear condition, and a warning lasting 1200 windows escalates.
  public static let standard = AlertPolicy(warmUpWindows: 8, smoothingQ15: 8192, raiseRatioQ16: 65536,
                                           clearRatioQ16: 52429, criticalRatioQ16: 131072,
                                           debounceK: 3, debounceN: 5, heartbeatWindows: 600,
                                           raiseHoldWindows: 4, clearHoldWindows: 120, escalateAfterWindows: 1200)

  /// Whether the policy is usable (ratios positive, clear ≤ raise ≤ critical, 1 ≤ k ≤ n ≤ 32, ...).
  public var isValid: Bool {
    warmUpWindows >= 0 && smoothingQ15 >= 1 && smoothingQ15 <= 32768
      && clearRatioQ16 > 0 && clearRatioQ16 <= raiseRatioQ16 && raiseRatioQ16 <= criticalRatioQ16
      && debounceN >= 1 && debounceN <= 32 && debounceK >= 1 && debounceK <= debounceN && heartbeatWindows >= 0
      && raiseHoldWindows >= 0 && clearHoldWindows >= 0 && escalateAfterWindows >= 0
  }
}

/// Alert severity.
public enum Severity: UInt8, Sendable {
  case normal = 0, warning = 1, critical = 2
}

/// What an event reports.
public enum EventKind: UInt8, Sendable {
  case raise = 1, escalate = 2, clear = 3, heartbeat = 4
}

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
  /// Consecutive windows the debounced raise / clear condition has held, and windows in the current state.
  @usableFromInline var raiseRun: Int32 = 0, clearRun: Int32 = 0, inState: Int32 = 0
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
    // Run lengths of the debounced conditions (saturating, so a run of years cannot wrap).
    raiseRun = above.nonzeroBitCount >= k ? min(raiseRun, Int32.max &- 1) &+ 1 : 0
    clearRun = below.nonzeroBitCount >= k ? min(clearRun, Int32.max &- 1) &+ 1 : 0
    inState = min(inState, Int32.max &- 1) &+ 1
    let raising = raiseRun > policy.raiseHoldWindows, clearing = clearRun > policy.clearHoldWindows
    var kind: EventKind? = nil
    switch state {
    case .normal:
      if raising {
        state = critical.nonzeroBitCount >= k ? .critical : .warning
        alerts &+= 1
        kind = .raise
      }
    case .warning:
      if clearing { state = .normal; kind = .clear }
      else if critical.nonzeroBitCount >= k
                || (policy.escalateAfterWindows > 0 && inState >= policy.escalateAfterWindows) {
        state = .critical; kind = .escalate
      }
    case .critical:
      if clearing { state = .normal; kind = .clear }
    }
    if kind != nil { inState = 0 }
    sinceEvent &+= 1
    if kind == nil && policy.heartbeatWindows > 0 && sinceEvent >= policy.heartbeatWindows { kind = .heartbeat }
    guard let kind else { return nil }
    sinceEvent = 0
    return AlertEvent(kind: kind, severity: state, window: window, timestamp: timestamp, score: sat32(smoothed),
                      threshold: threshold, detector: detector, top: score.top, windows: windows, alerts: alerts)
  }
}
