// The alert policy against flapping (issue 16): minimum episode length (raise hold), clear delay (clear
// hold), escalation of a lasting warning; checked by hand-counted cases and against an independent
// array-based reference of the whole machine on random streams.

import Testing
@testable import VigilCore
import VigilHost

/// An independent, deliberately plain reference of the alert state machine: full score history, explicit
/// window lists for the k-of-n votes, run lengths recomputed from the vote history each window.
private func referenceEvents(_ scores: [Int32], threshold: Int32, policy p: AlertPolicy) -> [(Int, EventKind, Severity)] {
  let t = Int64(threshold)
  let raise = (t * Int64(p.raiseRatioQ16)) >> 16, clear = (t * Int64(p.clearRatioQ16)) >> 16
  let crit = (t * Int64(p.criticalRatioQ16)) >> 16, cap = max(2 * crit, 1)
  var smoothed: Int64 = 0
  var aboveVotes: [Bool] = [], criticalVotes: [Bool] = [], belowVotes: [Bool] = []
  var raiseOK: [Bool] = [], clearOK: [Bool] = []
  var state = Severity.normal, enteredAt = 0, lastEvent = -1
  var out: [(Int, EventKind, Severity)] = []
  func runLength(_ v: [Bool]) -> Int { v.reversed().prefix { $0 }.count }
  for (i, raw) in scores.enumerated() {
    let s = min(Int64(raw), cap)
    smoothed = i == 0 ? s : smoothed + ((s - smoothed) * Int64(p.smoothingQ15)) >> 15
    if i < Int(p.warmUpWindows) { continue }
    aboveVotes.append(smoothed >= raise); criticalVotes.append(smoothed >= crit); belowVotes.append(smoothed < clear)
    let n = Int(p.debounceN), k = Int(p.debounceK)
    raiseOK.append(aboveVotes.suffix(n).filter { $0 }.count >= k)
    clearOK.append(belowVotes.suffix(n).filter { $0 }.count >= k)
    let criticalNow = criticalVotes.suffix(n).filter { $0 }.count >= k
    let raising = runLength(raiseOK) > Int(p.raiseHoldWindows), clearing = runLength(clearOK) > Int(p.clearHoldWindows)
    var kind: EventKind? = nil
    switch state {
    case .normal:
      if raising { state = criticalNow ? .critical : .warning; kind = .raise }
    case .warning:
      if clearing { state = .normal; kind = .clear }
      else if criticalNow || (p.escalateAfterWindows > 0 && i - enteredAt + 1 >= Int(p.escalateAfterWindows)) {
        state = .critical; kind = .escalate
      }
    case .critical:
      if clearing { state = .normal; kind = .clear }
    }
    if kind != nil { enteredAt = i + 1 }
    if kind == nil && p.heartbeatWindows > 0 && i - max(lastEvent, Int(p.warmUpWindows) - 1) >= Int(p.heartbeatWindows) { kind = .heartbeat }
    if let kind { out.append((i, kind, state)); lastEvent = i }
  }
  return out
}

@Suite("Alert policy against flapping")
struct AlertEpisodeTests {
  static let t: Int32 = 1000
  /// No smoothing, 3-of-5, warm-up 4, no heartbeat; holds set per test.
  static func policy(raiseHold: Int32 = 0, clearHold: Int32 = 0, escalateAfter: Int32 = 0) -> AlertPolicy {
    AlertPolicy(warmUpWindows: 4, smoothingQ15: 32768, raiseRatioQ16: 65536, clearRatioQ16: 52429,
                criticalRatioQ16: 131072, debounceK: 3, debounceN: 5, heartbeatWindows: 0,
                raiseHoldWindows: raiseHold, clearHoldWindows: clearHold, escalateAfterWindows: escalateAfter)
  }

  func run(_ scores: [Int32], _ policy: AlertPolicy) -> (events: [(Int, EventKind, Severity)], alerts: UInt32) {
    var m = AlertStateMachine(threshold: Self.t, detector: .autoencoder, policy: policy)
    var out: [(Int, EventKind, Severity)] = []
    for (i, s) in scores.enumerated() {
      if let e = m.update(Score(value: s), timestamp: UInt64(i)) { out.append((Int(e.window), e.kind, e.severity)) }
    }
    return (out, m.alerts)
  }

  /// 20 quiet windows, then `high` windows at 1.5 T, `low` at 0.5 T, `high2` at 1.5 T, then 200 quiet.
  func burst(_ high: Int, low: Int = 0, high2: Int = 0) -> [Int32] {
    [Int32](repeating: 100, count: 20) + [Int32](repeating: 1500, count: high) + [Int32](repeating: 500, count: low)
      + [Int32](repeating: 1500, count: high2) + [Int32](repeating: 100, count: 200)
  }

  @Test("minimum episode length: an excursion whose raise condition holds for no more than the raise hold never raises")
  func raiseHold() {
    let p = Self.policy(raiseHold: 10)
    // h high windows: the 3-of-5 raise condition holds from the 3rd high window to 2 windows after the last,
    // h windows in all; the raise needs 11.
    #expect(run(burst(10), p).events.isEmpty)
    let ev = run(burst(11), p).events
    #expect(ev.count == 2 && ev[0].0 == 20 + 2 + 10 && ev[0].1 == .raise, "\(ev)")
    // Without the hold the same short excursion raises (and clears): the plain k-of-n machine.
    #expect(run(burst(10), Self.policy()).events.map(\.1) == [.raise, .clear])
  }

  @Test("clear delay: a dip shorter than the clear hold keeps one episode; a longer one clears and the re-raise is a second")
  func clearHold() {
    let p = Self.policy(clearHold: 30)
    // A dip of 25 windows at 0.5 T inside an excursion: the clear condition holds for 23 windows (3-of-5), < 31.
    var r = run(burst(40, low: 25, high2: 40), p)
    #expect(r.events.map(\.1) == [.raise, .clear], "\(r.events)")
    #expect(r.alerts == 1)
    // The final clear comes 31 windows after the clear condition first holds (3rd quiet window).
    #expect(r.events.last!.0 == 20 + 40 + 25 + 40 + 2 + 30)
    // A dip of 40 windows: the episode clears inside it, and the re-raise is a new episode.
    r = run(burst(40, low: 40, high2: 40), p)
    #expect(r.events.map(\.1) == [.raise, .clear, .raise, .clear], "\(r.events)")
    #expect(r.alerts == 2)
    // Without the clear delay the first dip already splits the episode in two.
    #expect(run(burst(40, low: 25, high2: 40), Self.policy()).alerts == 2)
  }

  @Test("escalation: a warning that lasts escalateAfter windows becomes critical, even below the critical level")
  func escalation() {
    let p = Self.policy(escalateAfter: 50)
    let ev = run(burst(100), p).events
    #expect(ev.map(\.1) == [.raise, .escalate, .clear], "\(ev)")
    #expect(ev[1].0 - ev[0].0 == 50 && ev[1].2 == .critical)
    #expect(run(burst(100), Self.policy()).events.map(\.1) == [.raise, .clear])
  }

  @Test("the machine equals an independent reference on random score streams for many policies")
  func matchesReference() {
    var rng = SeededGenerator(seed: 16)
    for trial in 0..<300 {
      let n = Int32(rng.next() % 8 + 1)
      var p = AlertPolicy(warmUpWindows: Int32(rng.next() % 10), smoothingQ15: Int32(rng.next() % 32768 + 1),
                          raiseRatioQ16: 65536, clearRatioQ16: Int32(40000 + rng.next() % 25536),
                          criticalRatioQ16: Int32(65536 + rng.next() % 100000), debounceK: 1, debounceN: n,
                          heartbeatWindows: Int32(rng.next() % 3 == 0 ? 0 : rng.next() % 40 + 1),
                          raiseHoldWindows: Int32(rng.next() % 3 == 0 ? 0 : rng.next() % 20),
                          clearHoldWindows: Int32(rng.next() % 3 == 0 ? 0 : rng.next() % 60),
                          escalateAfterWindows: Int32(rng.next() % 2 == 0 ? 0 : rng.next() % 80 + 1))
      p.debounceK = Int32(rng.next() % UInt64(n)) + 1
      #expect(p.isValid)
      // A slowly wandering level with bursts, so that every transition happens.
      var level = 800.0
      let scores: [Int32] = (0..<600).map { _ in
        level = max(0, level + Double(Int(rng.next() % 201) - 100))
        return Int32(level) + (rng.next() % 17 == 0 ? 3000 : 0)
      }
      let got = run(scores, p).events, want = referenceEvents(scores, threshold: Self.t, policy: p)
      #expect(got.count == want.count && zip(got, want).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 && $0.2 == $1.2 },
              "trial \(trial): \(got.prefix(8)) vs \(want.prefix(8))")
    }
  }

  @Test("the policy is valid only with non-negative holds; the standard one has the anti-flapping fields set")
  func validity() {
    var p = Self.policy(raiseHold: 1, clearHold: 1, escalateAfter: 1)
    #expect(p.isValid)
    p.clearHoldWindows = -1
    #expect(!p.isValid)
    #expect(AlertPolicy.standard.raiseHoldWindows > 0 && AlertPolicy.standard.clearHoldWindows > 0)
  }
}

