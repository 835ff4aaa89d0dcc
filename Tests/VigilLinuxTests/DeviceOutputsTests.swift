// `vigil run`'s outputs besides standard output, end to end under umockdev (real libgpiod, emulated
// /dev/gpiochip0), on the last 200 snapshots of PRONOSTIA Bearing1_1 (the end-of-life alert):
//   - the alarm line (GPIO 27, active low) follows the alert state: inactive at the request, active from the
//     raise, inactive again when vigil stops — its physical levels as the emulated chip saw them;
//   - the Prometheus textfile parses with prometheus_client and holds the run's counters and events;
//   - systemd's notify protocol to a socket bound here: READY=1 first, WATCHDOG=1 every half of
//     $WATCHDOG_USEC, STATUS=ALERT at the raise, STOPPING=1 last — after the SIGTERM the harness sends once
//     the recording has been delivered.

import Foundation
import Testing
import TestSupport
import VigilCore
import VigilHost

@Suite("vigil run's outputs under umockdev: alarm line, metrics file, sd_notify",
       .enabled(if: Umockdev.available, Comment(rawValue: Umockdev.skipMessage)),
       .enabled(if: RealData.available, Comment(rawValue: RealData.skipMessage)),
       .enabled(if: Prometheus.available, Comment(rawValue: Prometheus.skipMessage)))
struct DeviceOutputsTests {
  /// A `"key":value` field of an event line.
  static func field(_ line: Substring, _ key: String) -> String? {
    guard let r = line.range(of: "\"\(key)\":") else { return nil }
    return String(line[r.upperBound...].prefix { $0 != "," && $0 != "}" }).replacingOccurrences(of: "\"", with: "")
  }

  @Test("PRONOSTIA Bearing1_1 end of life: the alarm line, the metrics file and the notifications follow the alert")
  func outputsFollowTheAlert() throws {
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-device-outputs-\(getpid())")
    try? FileManager.default.removeItem(at: tmp)
    let metrics = tmp.appendingPathComponent("node-exporter")
    try FileManager.default.createDirectory(at: metrics, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: tmp) }
    let bearing = try BearingTail(directory: tmp)
    let conf = tmp.appendingPathComponent("vigil.conf")
    try bearing.deviceConfig(every: 0.25, extra: """
      metrics_dir = \(metrics.path)
      metrics_every_seconds = 1
      alarm_chip = pinctrl-bcm2711
      alarm_line = 27
      alarm_active = low
      """).write(to: conf, atomically: true, encoding: .utf8)

    // The service manager's end: drained while vigil runs (a datagram queue holds only a few messages).
    let socketPath = tmp.appendingPathComponent("notify").path
    let receiver = try NotifyReceiver(socketPath)
    let collected = LockedMessages()
    let reader = Thread { while !collected.done { collected.append(receiver.messages(timeout: 0.2)) } }
    reader.start()
    let t0 = Date()
    let (status, out, err) = try TestSupport.run(
      ["timeout", "-k", "5", "400", Umockdev.wrapper!, Umockdev.harness!, "device", bearing.folder.path,
       "--sensor", "adxl345@800:16", "--segments", "\(bearing.tail.lowerBound):\(bearing.tail.upperBound)",
       "--every", "0.25", "--time-scale", "0.5", "--term-after-data", "1",
       "--", "run", "--config", conf.path, "--seconds", "300"],
      env: ["NOTIFY_SOCKET": socketPath, "WATCHDOG_USEC": "1000000"])
    let elapsed = Date().timeIntervalSince(t0)
    collected.finish()
    Thread.sleep(forTimeInterval: 0.5)           // the reader sees `done` within 0.2 s
    collected.append(receiver.messages(timeout: 0.1))
    print(err)
    #expect(status == 0, "vigil run exited \(status)\n\(err)")
    #expect(elapsed < 250, "the SIGTERM after the data (not --seconds 300) ended the run: \(elapsed) s")

    // The events and the end-of-run counters.
    let events = out.split(separator: "\n").filter { $0.hasPrefix("{") }
    let kinds = events.compactMap { Self.field($0, "kind") }
    let raises = events.filter { Self.field($0, "kind") == "raise" }
    #expect(!raises.isEmpty, "the end of Bearing1_1 must raise an alert\n\(out)")
    guard let summary = err.split(separator: "\n").first(where: { $0.hasPrefix("vigil: ") && $0.contains(" windows, ") }) else {
      Issue.record("no summary line\n\(err)"); return
    }
    let numbers = summary.split(whereSeparator: { !$0.isNumber }).compactMap { Double($0) }
    #expect(numbers.count == 8, "\(summary)")
    guard numbers.count == 8 else { return }

    // Alarm line 27, active low: high (inactive) at the request; low from a raise or escalation to a clear;
    // high again at the stop. The expected physical levels from the events, changes only.
    var expected = [1], active = false
    for k in kinds {
      if (k == "raise" || k == "escalate") && !active { active = true; expected.append(0) }
      if k == "clear" && active { active = false; expected.append(1) }
    }
    if active { expected.append(1) }
    let levels = err.split(separator: "\n").first { $0.contains("output line 27 levels: ") }
      .map { $0.components(separatedBy: "levels: ")[1].split(separator: " ").compactMap { Int($0) } }
    #expect(levels == expected, "alarm line levels \(String(describing: levels)) for events \(kinds)")

    // The metrics file: the reference parser, and the same figures as the run's summary and events.
    let (m, types) = try Prometheus.parse(metrics.appendingPathComponent("vigil.prom"))
    #expect(!FileManager.default.fileExists(atPath: metrics.appendingPathComponent("vigil.prom.tmp").path))
    let counters = ["vigil_windows_scored_total", "vigil_frames_total", "vigil_fifo_overruns_total", "vigil_bus_errors_total",
                    "vigil_missed_edges_total", "vigil_lost_edges_total", "vigil_reprobes_total", "vigil_lost_samples_total"]
    for (name, value) in zip(counters, numbers) { #expect(m[name] == value, "\(name): \(String(describing: m[name])) vs \(summary)") }
    for k in ["raise", "escalate", "clear", "heartbeat"] {
      #expect(m["vigil_events_total{kind=\"\(k)\"}"] == Double(kinds.filter { $0 == k }.count), "events of kind \(k)")
    }
    #expect(m["vigil_alerts_raised_total"] == Double(raises.count))
    let last = events.last { Self.field($0, "kind") != "heartbeat" }!
    let severity = Self.field(last, "kind") == "clear" ? 0.0 : (Self.field(last, "severity") == "critical" ? 2 : 1)
    #expect(m["vigil_alert_state"] == severity)
    #expect(abs((m["vigil_threshold"] ?? 0) - Double(Self.field(raises[0], "threshold")!)!) < 1e-4)
    #expect(m["vigil_alarm_line_active"] == 0, "inactive after the stop")
    #expect((m["vigil_last_event_published_seconds"] ?? .nan) >= 0)
    #expect(m["vigil_outbox_depth"] == 0 && m["vigil_outbox_dropped_total"] == 0)
    #expect(types["vigil_windows_scored"] == "counter" && types["vigil_score"] == "gauge")

    // The notifications.
    let messages = collected.all
    let watchdogs = messages.filter { $0 == "WATCHDOG=1" }.count
    print("notifications: \(messages.count), WATCHDOG=1 × \(watchdogs) in \(Int(elapsed)) s")
    #expect(messages.first?.hasPrefix("READY=1\nSTATUS=monitoring: adxl345 at 800 Hz, model ") == true, "\(messages.prefix(3))")
    #expect(messages.last == "STOPPING=1", "\(messages.suffix(3))")
    let w = Self.field(raises[0], "window")!
    #expect(messages.contains("STATUS=ALERT (\(Self.field(raises[0], "severity")!)) since window \(w)"), "\(messages.filter { $0.hasPrefix("STATUS") })")
    // Every 0.5 s while the loop runs (~50 s of data after the start): at least one per 1 s of the run's
    // data, allowing for a loaded machine.
    #expect(watchdogs >= 40, "\(watchdogs) WATCHDOG=1 in \(elapsed) s")
  }
}

@Suite("GPIOOutputLine under umockdev: real libgpiod 1.6 line handles", .enabled(if: Umockdev.available, Comment(rawValue: Umockdev.skipMessage)))
struct AlarmLineScenarioTests {
  @Test("the alarm line: request level, set / clear, active low, absent and busy lines")
  func alarmLine() throws {
    let (status, out) = try Umockdev.run("alarm-line")
    print(out)
    #expect(status == 0 && out.contains("PASS alarm-line") && !out.contains("FAIL"), "\(out)")
    for e in ["requested as an output, inactive: low (GPIO_GET_LINEHANDLE_IOCTL)", "active-low, active: low",
              "two GPIOHANDLE_SET_LINE_VALUES_IOCTL", "an output on a line requested for edges → busy"] {
      #expect(out.contains(e), "missing: \(e)")
    }
  }
}

/// Messages collected by the reader thread.
final class LockedMessages: @unchecked Sendable {
  private let lock = NSLock()
  private var messages: [String] = []
  private var finished = false
  var done: Bool { lock.lock(); defer { lock.unlock() }; return finished }
  var all: [String] { lock.lock(); defer { lock.unlock() }; return messages }
  func append(_ m: [String]) { lock.lock(); messages += m; lock.unlock() }
  func finish() { lock.lock(); finished = true; lock.unlock() }
}
