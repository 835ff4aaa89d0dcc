// Alert tuning (stored in the model file): warm-up, EWMA smoothing, raise / clear / critical ratios of the
// threshold (Q16.16), k-of-n debounce and the heartbeat period. See AlertStateMachine.swift for how they act.

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

  public init(warmUpWindows: Int32, smoothingQ15: Int32, raiseRatioQ16: Int32, clearRatioQ16: Int32,
              criticalRatioQ16: Int32, debounceK: Int32, debounceN: Int32, heartbeatWindows: Int32) {
    self.warmUpWindows = warmUpWindows; self.smoothingQ15 = smoothingQ15
    self.raiseRatioQ16 = raiseRatioQ16; self.clearRatioQ16 = clearRatioQ16; self.criticalRatioQ16 = criticalRatioQ16
    self.debounceK = debounceK; self.debounceN = debounceN; self.heartbeatWindows = heartbeatWindows
  }

  /// Warm-up 8 windows, EWMA 0.25, raise at 1.0×, clear below 0.8×, critical at 2.0× the threshold,
  /// 3-of-5 debounce, a heartbeat every 600 windows.
  public static let standard = AlertPolicy(warmUpWindows: 8, smoothingQ15: 8192, raiseRatioQ16: 65536,
                                           clearRatioQ16: 52429, criticalRatioQ16: 131072,
                                           debounceK: 3, debounceN: 5, heartbeatWindows: 600)

  /// Whether the policy is usable (ratios positive, clear ≤ raise ≤ critical, 1 ≤ k ≤ n ≤ 32, ...).
  public var isValid: Bool {
    warmUpWindows >= 0 && smoothingQ15 >= 1 && smoothingQ15 <= 32768
      && clearRatioQ16 > 0 && clearRatioQ16 <= raiseRatioQ16 && raiseRatioQ16 <= criticalRatioQ16
      && debounceN >= 1 && debounceN <= 32 && debounceK >= 1 && debounceK <= debounceN && heartbeatWindows >= 0
  }
}
