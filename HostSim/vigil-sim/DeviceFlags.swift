// vigil-sim device: its two flag groups, each with its checks: which segments are measured and how (the
// schedule), and the faults injected into the emulated sensor.
import ArgumentParser
import Foundation
import VigilHost

/// Which segments `device` measures, and whether as snapshots or continuously.
struct DeviceScheduleFlags: ParsableArguments {
  @Flag(help: "Measure continuously even on a snapshot recording.")
  var continuous = false
  @Option(help: "Only the last N segments of the recording.")
  var last: Int?
  @Option(help: "Seconds between snapshots (default: the recording's segment spacing).")
  var every: Double?

  func validate() throws {
    if let last, last < 1 { throw ValidationError("--last must be at least 1") }
    if let every, !(every > 0 && every <= 1e6) { throw ValidationError("--every must be a positive number of seconds up to 1000000") }
  }

  /// The segments to measure and the sampling: snapshot recordings (many segments, e.g. PRONOSTIA) one
  /// power-up per segment, --every seconds apart (default: the segment spacing); others continuously.
  func plan(_ source: SensorSource, recording: String) throws -> (segments: Range<Int>, sampling: DeviceSampling) {
    let n = source.segmentCount
    let segments = (last.map { max(0, n - $0) } ?? 0)..<n
    if continuous || n == 1 { return (segments, .continuous) }
    let spacing = n > 1 ? try source.segment(1).time - source.segment(0).time : 0
    guard let period = every ?? (spacing > 0 ? spacing : nil) else {
      throw InputError("\(recording): cannot tell the snapshot spacing from the segment times; pass --every")
    }
    return (segments, .snapshot(every: period))
  }
}

/// The faults `device` injects into the emulated sensor; times in seconds from the start of the run.
struct DeviceFaultFlags: ParsableArguments {
  @Option(help: "Fault: NACK every transaction for 2 ms from this time (s).")
  var nackAt: [Double] = []
  @Option(help: "Fault: unplug at T s and replug at R s: T[:R] (no R: never comes back).")
  var unplug: String?
  @Option(help: "Fault: the host is late: T:MS stalls the first wait at or after T s by MS milliseconds.")
  var stall: [String] = []
  @Option(help: "Fault: interrupt line stuck (no edges) from A to B s: A:B.")
  var stuckLine: [String] = []
  @Option(help: "Fault: the ID register reads this value (hex, e.g. 0x33).")
  var wrongId: String?

  func pair(_ text: String, _ flag: String) throws -> (Double, Double?) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    // At most a million (seconds, or milliseconds for --stall): the virtual clock is in UInt64 nanoseconds.
    guard (1...2).contains(parts.count), let a = Double(parts[0]), a.isFinite, a >= 0, a <= 1e6,
          parts.count == 1 || (Double(parts[1]).map { $0.isFinite && $0 >= 0 && $0 <= 1e6 } ?? false) else {
      throw ValidationError("\(flag) '\(text)': expected SECONDS or SECONDS:SECONDS (non-negative numbers up to 1000000)")
    }
    return (a, parts.count == 2 ? Double(parts[1]) : nil)
  }

  func validate() throws {
    for t in nackAt where !(t >= 0 && t <= 1e6) { throw ValidationError("--nack-at must be 0...1000000 seconds") }
    if let unplug { _ = try pair(unplug, "--unplug") }
    for s in stall { guard try pair(s, "--stall").1 != nil else { throw ValidationError("--stall '\(s)': expected T:MS") } }
    for s in stuckLine { guard try pair(s, "--stuck-line").1 != nil else { throw ValidationError("--stuck-line '\(s)': expected A:B") } }
    if let wrongId, UInt8(wrongId.replacingOccurrences(of: "0x", with: ""), radix: 16) == nil {
      throw ValidationError("--wrong-id '\(wrongId)': expected a byte in hex (e.g. 0x33)")
    }
  }

  /// Sets the emulator's fault plan; `start` is the virtual time (s) the run starts at.
  func inject(into emu: SensorEmulator, start: Double) {
    func at(_ s: Double) -> UInt64 { UInt64(((start + s) * 1e9).rounded()) }
    emu.faults.nackDuring = nackAt.map { at($0)..<(at($0) + 2_000_000) }
    if let unplug, let (t, r) = try? pair(unplug, "--unplug") { emu.faults.unplug = (at: at(t), replugAt: r.map(at)) }
    emu.faults.stalls = stall.compactMap { try? pair($0, "--stall") }.map { (at: at($0.0), duration: UInt64(($0.1! * 1e6).rounded())) }
    emu.faults.stuckLine = stuckLine.compactMap { try? pair($0, "--stuck-line") }.map { at($0.0)..<at(max($0.0, $0.1!)) }
    emu.faults.wrongID = wrongId.flatMap { UInt8($0.replacingOccurrences(of: "0x", with: ""), radix: 16) }
  }
}
