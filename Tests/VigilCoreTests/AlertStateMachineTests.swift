// The alert state machine: warm-up, hysteresis, debounce, severities, heartbeat, events only on change.

import Testing
import TestSupport
@testable import VigilCore

@Suite("Alert state machine")
struct AlertStateMachineTests {
  /// No smoothing, 3-of-5 debounce, warm-up 4, heartbeat every 10 windows, levels 1.0 / 0.8 / 2.0 × T.
  static let policy = AlertPolicy(warmUpWindows: 4, smoothingQ15: 32768, raiseRatioQ16: 65536, clearRatioQ16: 52429,
                                  criticalRatioQ16: 131072, debounceK: 3, debounceN: 5, heartbeatWindows: 10)
  static let t: Int32 = 1000

  func run(_ scores: [Int32], policy: AlertPolicy = policy) -> [(Int, EventKind, Severity)] {
    var m = AlertStateMachine(threshold: Self.t, detector: .autoencoder, policy: policy)
    var out: [(Int, EventKind, Severity)] = []
    for (i, s) in scores.enumerated() {
      if let e = m.update(Score(value: s), timestamp: UInt64(i) * 20) {
        #expect(Int(e.window) == i && e.timestamp == UInt64(i) * 20 && e.threshold == Self.t)
        out.append((i, e.kind, e.severity))
      }
    }
    return out
  }

  @Test("no event at all during warm-up, even with huge scores")
  func warmUp() {
    let ev = run([Int32](repeating: 50_000, count: 4))
    #expect(ev.isEmpty)
    let after = run([Int32](repeating: 50_000, count: 8))
    #expect(after.first!.0 >= 4 + 2)        // first possible raise: 3 comparisons after warm-up
  }

  @Test("events only on change: a steady high score raises once, then only heartbeats")
  func onlyOnChange() {
    let ev = run([Int32](repeating: 1500, count: 60))
    #expect(ev.filter { $0.1 == .raise }.count == 1)
    #expect(ev.allSatisfy { $0.1 == .raise || $0.1 == .heartbeat })
    #expect(ev.first!.2 == .warning)
  }

  @Test("hysteresis: a score oscillating around the threshold raises once and never flaps")
  func hysteresis() {
    let scores = (0..<200).map { i -> Int32 in i < 10 ? 100 : (i % 2 == 0 ? 1100 : 900) }   // 0.9T ... 1.1T
    let ev = run(scores).filter { $0.1 != .heartbeat }
    #expect(ev.count == 1, "\(ev)")
    #expect(ev.first?.1 == .raise)
    // Without hysteresis (clear at 1.0 T) the same input would flap.
    var flappy = Self.policy; flappy.clearRatioQ16 = 65536; flappy.debounceK = 1; flappy.debounceN = 1
    #expect(run(scores, policy: flappy).filter { $0.1 == .clear }.count > 50)
  }

  @Test("debounce: isolated spikes (fewer than k in n) never raise; k in n do")
  func debounce() {
    var scores = [Int32](repeating: 100, count: 100)
    for i in stride(from: 10, to: 100, by: 3) { scores[i] = 5000 }     // 1 spike in every 3 windows: ≤ 2 of 5
    #expect(run(scores).filter { $0.1 == .raise }.isEmpty)
    for i in stride(from: 50, to: 100, by: 2) { scores[i] = 5000 }     // now 3 of 5
    #expect(run(scores).contains { $0.1 == .raise })
  }

  @Test("severities: raise straight to critical above 2T; escalate from warning; clear below 0.8T after k windows")
  func severities() {
    let direct = run([Int32](repeating: 100, count: 6) + [Int32](repeating: 2500, count: 5))
    #expect(direct.first! == (8, .raise, .critical))
    let staged = run([Int32](repeating: 100, count: 6) + [Int32](repeating: 1500, count: 6) + [Int32](repeating: 2500, count: 6)
                     + [Int32](repeating: 850, count: 6) + [Int32](repeating: 500, count: 6)).filter { $0.1 != .heartbeat }
    #expect(staged.map(\.1) == [.raise, .escalate, .clear])
    #expect(staged[0].2 == .warning && staged[1].2 == .critical && staged[2].2 == .normal)
    #expect(staged[2].0 == 6 + 6 + 6 + 6 + 2)       // 850 (≥ 0.8T) never clears; 3 windows of 500 do
  }

  @Test("heartbeat cadence: every 10 quiet windows, restarted by any other event")
  func heartbeat() {
    let ev = run([Int32](repeating: 100, count: 45))
    #expect(ev.map(\.0) == [13, 23, 33, 43])         // windows 4... count; the 10th since warm-up is 13
    #expect(ev.allSatisfy { $0.1 == .heartbeat && $0.2 == .normal })
    var none = Self.policy; none.heartbeatWindows = 0
    #expect(run([Int32](repeating: 100, count: 45), policy: none).isEmpty)
  }

  @Test("EWMA smoothing: a one-window spike is damped below the raise level")
  func smoothing() {
    var p = Self.policy; p.smoothingQ15 = 8192; p.debounceK = 1; p.debounceN = 1; p.heartbeatWindows = 0
    var scores = [Int32](repeating: 100, count: 30); scores[20] = 3000   // 100 + 0.25·2900 = 825 < T
    #expect(run(scores, policy: p).isEmpty)
  }

  @Test("an invalid policy falls back to the standard one")
  func invalidPolicy() {
    var p = Self.policy; p.debounceK = 9
    #expect(!p.isValid)
    #expect(AlertStateMachine(threshold: 1, detector: .rms, policy: p).policy == .standard)
  }

  @Test("threshold learner: mean + k·σ of the first windows")
  func learner() {
    var l = ThresholdLearner(count: 4, kQ16: 3 << 16)
    #expect(l.add(1000) == nil && l.add(3000) == nil && l.add(1000) == nil)
    // mean 1500, σ = √750000 ≈ 866 → 1500 + 3·866 ≈ 4098 (σ is computed on score/256: ±256 granularity)
    let t = l.add(1000)!
    #expect(abs(Int(t) - 4098) <= 3 * 256, "\(t)")
    #expect(l.add(5) == nil)
  }

  @Test("baseline scores: the largest axis's RMS / kurtosis, axes as contributors")
  func baselines() {
    var fv = FeatureVector()
    let bands = 2
    var v = [Int32](repeating: 0, count: 3 * (bands + 8))
    v[0 * 10 + bands + 1] = 100; v[1 * 10 + bands + 1] = 300; v[2 * 10 + bands + 1] = 200   // rms
    v[0 * 10 + bands + 5] = 7 << 16; v[1 * 10 + bands + 5] = 3 << 16; v[2 * 10 + bands + 5] = 4 << 16
    fv.load(v, bandCount: bands)
    let r = baselineScore(.rms, fv, axes: 3)
    #expect(r.value == 300 && r.top[0].feature == 13 && r.top[1].feature == 23 && r.top[2].feature == 3)
    #expect(baselineScore(.kurtosis, fv, axes: 3).value == 7 << 16)
  }
}

extension FeatureVector {
  mutating func load(_ v: [Int32], bandCount: Int) { v.withUnsafeBufferPointer { load($0, bandCount: bandCount) } }
}
