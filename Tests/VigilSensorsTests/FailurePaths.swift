// The failure paths the acquisition suites run (AcquisitionFailureTests over the ADXL345 and the LIS3DH):
// the same faults on the same virtual clock, and the same checks of a faulted run against the part's clean
// run. What differs per part (its rates, so how many samples a fault costs) is passed in.

import Testing
import VigilCore
import VigilHost
import VigilSensors

/// Fault plans, on the virtual clock from the start of the run.
enum Faults {
  /// The interrupt line stuck from 2 s to 3 s.
  static func stuckLine(_ e: SensorEmulator) { e.faults.stuckLine = [ns(2)..<ns(3)] }
  /// Every transaction NACKed for 1.5 ms at 4 s.
  static func nackMidStream(_ e: SensorEmulator) { e.faults.nackDuring = [ns(4)..<ns(4.0015)] }
  /// The host 100 ms late at 5 s (the FIFO overruns).
  static func stall(_ e: SensorEmulator) { e.faults.stalls = [(at: ns(5), duration: 100_000_000)] }
  /// Unplugged at 3 s, back at 3.5 s.
  static func unplugReplug(_ e: SensorEmulator) { e.faults.unplug = (at: ns(3), replugAt: ns(3.5)) }
  /// Unplugged at 3 s for good.
  static func unplugForever(_ e: SensorEmulator) { e.faults.unplug = (at: ns(3), replugAt: nil) }
}

/// Checks of a faulted run `r` against the clean run of the same part.
enum FailurePath {
  /// Timed drains keep the stream whole, counted as missed edges; scores unchanged.
  static func missedEdges(_ r: DeviceRunResult, clean: DeviceRunResult) {
    #expect(r.emulator.suppressedEdges > 0)
    #expect(r.counters.wakeups.missedEdges > 10 && r.counters.wakeups.timedDrains >= r.counters.wakeups.missedEdges, "\(r.counters)")
    #expect(r.counters.faults.overruns == 0 && r.counters.segments == 1)
    #expect(r.windows.map(\.score.value) == clean.windows.map(\.score.value))
  }

  /// Counted, the drain retried, no samples lost, scores unchanged (a NACK, or a bit error caught as an
  /// impossible status: `busErrors` exactly 1 then).
  static func recovered(_ r: DeviceRunResult, clean: DeviceRunResult, busErrors: ClosedRange<UInt32>) {
    #expect(busErrors.contains(r.counters.faults.busErrors) && r.counters.faults.reprobes == 0 && r.counters.faults.lostSamples == 0, "\(r.counters)")
    #expect(r.counters.faults.overruns == 0)
    #expect(r.windows.map(\.score.value) == clean.windows.map(\.score.value))
  }

  /// One overrun, recovered, a new segment; the samples lost estimated within 2 of the truth; the windows
  /// before the gap (`windowsBefore`) the clean run's, fewer in all.
  static func overrun(_ r: DeviceRunResult, clean: DeviceRunResult, windowsBefore: Int) {
    #expect(r.counters.faults.overruns == 1 && r.counters.segments == 2, "\(r.counters)")
    #expect(r.emulator.overwritten > 0)
    // What the host lost: the overwritten samples plus the FIFO contents the recovery discarded.
    let truth = Int(clean.counters.frames) - Int(r.counters.frames)
    #expect(abs(Int(r.counters.faults.lostSamples) - truth) <= 2, "estimated \(r.counters.faults.lostSamples), really \(truth)")
    // Windows before the gap are the clean run's; after it the front end restarted (no window spans it).
    let before = r.windows.prefix { $0.window < windowsBefore }.map(\.score.value)
    #expect(before == Array(clean.windows.prefix(before.count).map(\.score.value)))
    #expect(r.windows.count < clean.windows.count)
  }

  /// Re-probed once, resumed in a new segment; the samples lost over the outage (more than `lostAbove`)
  /// estimated within `tolerance`; more than `windowsAbove` windows.
  static func unplugReplug(_ r: DeviceRunResult, clean: DeviceRunResult, lostAbove: Int, tolerance: Int, windowsAbove: Int) {
    #expect(r.counters.faults.reprobes == 1 && r.counters.faults.busErrors >= 3 && r.counters.segments == 2, "\(r.counters)")
    let truth = Int(clean.counters.frames) - Int(r.counters.frames)
    #expect(truth > lostAbove && abs(Int(r.counters.faults.lostSamples) - truth) <= tolerance, "estimated \(r.counters.faults.lostSamples), really \(truth)")
    #expect(r.windows.count > windowsAbove)
  }

  /// Retries with backoff, bounded, no re-probe; no frames after the unplug (`framesBelow`: 3 s worth).
  static func unplugForever(_ r: DeviceRunResult, framesBelow: UInt64) {
    #expect(r.counters.faults.reprobes == 0 && r.counters.faults.busErrors >= 5, "\(r.counters)")
    #expect(r.counters.frames < framesBelow)
  }
}
