// The outputs besides standard output: their config keys, and the Prometheus textfile checked with the
// reference parser (prometheus_client's text_string_to_metric_families) against the figures written.

import Foundation
import Testing
import TestSupport
@testable import VigilDevice
import VigilCore
import VigilSensors

@Suite("Device outputs: config keys and the metrics file")
struct OutputsTests {
  @Test("output keys: defaults (no metrics, no alarm line) and every key")
  func keys() throws {
    #expect(DeviceConfig().outputs == OutputConfig())
    #expect(DeviceConfig().outputs.metricsDirectory.isEmpty && DeviceConfig().outputs.alarmLine == nil)
    let c = try parse("""
      metrics_dir = /var/lib/prometheus/node-exporter
      metrics_every_seconds = 2.5
      alarm_chip = pinctrl-rp1
      alarm_line = 27
      alarm_active = low
      """)
    #expect(c.outputs.metricsDirectory.equals("/var/lib/prometheus/node-exporter"))
    #expect(c.outputs.metricsEveryMilliseconds == 2500 && c.outputs.alarmChip.equals("pinctrl-rp1"))
    #expect(c.outputs.alarmLine == 27 && c.outputs.alarmActiveLow)
    #expect(try parse("alarm_line = none\nalarm_active = high").outputs == OutputConfig())
  }

  @Test("bad output values name the line and the key", arguments: [
    ("alarm_active = maybe", 1, ConfigKey.alarmActive, ConfigFileError.Reason.badValue),
    ("\nalarm_line = 512", 2, .alarmLine, .outOfRange),
    ("alarm_line = -1", 1, .alarmLine, .badValue),
    ("metrics_dir = node-exporter", 1, .metricsDir, .badValue),
    ("metrics_every_seconds = 0.5", 1, .metricsEverySeconds, .outOfRange),
    ("metrics_dir = /a\nmetrics_dir = /b", 2, .metricsDir, .duplicateKey),
  ])
  func badValues(text: String, line: Int, key: ConfigKey, reason: ConfigFileError.Reason) {
    #expect(throws: ConfigFileError(line: line, key: key, reason: reason)) { try parse(text) }
  }

  @Test("the metrics file parses with prometheus_client and carries the counters, the alert state and the transport's figures",
        .enabled(if: Prometheus.available, Comment(rawValue: Prometheus.skipMessage)))
  func metricsFile() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-metrics-\(getpid())")
    try? FileManager.default.removeItem(at: dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var c = AcquisitionCounters()
    c.windows = 4_000_000_001; c.frames = 123_456_789_012; c.faults.overruns = 3; c.faults.busErrors = 5; c.wakeups.missedEdges = 7
    c.wakeups.lostEdges = 11; c.faults.reprobes = 2; c.faults.lostSamples = 4096
    var s = MetricsSnapshot()
    s.startNanoseconds = 1_000_000_000; s.nowNanoseconds = 91_500_000_000
    s.eventsByKind = [2, 1, 1, 17]
    s.alarmActive = true
    s.sensor = "adxl345"; s.odrMilliHz = 6_250
    s.alerts.known = true; s.alerts.smoothedScore = 3 << 16 + 1 << 15; s.alerts.threshold = -(1 << 14)   // 3.5, −0.25
    s.alerts.state = .critical; s.alerts.raised = 2
    transportMetrics = TransportMetrics()
    transportMetrics.outboxDepth = 9; transportMetrics.outboxDropped = 4; transportMetrics.lastPublishedNanoseconds = 90_250_000_000
    defer { transportMetrics = TransportMetrics() }
    let path = try #require(Array(dir.path.utf8).withUnsafeBufferPointer { FixedPath($0) })
    #expect(writeMetrics(path, c, s) == 0)
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("vigil.prom.tmp").path), "the temporary file is renamed")
    let (v, types) = try Prometheus.parse(dir.appendingPathComponent("vigil.prom"))
    let expected: [String: Double] = [
      "vigil_info{odr_hz=\"6.25\",sensor=\"adxl345\",version=\"\(vigilVersion)\"}": 1,
      "vigil_uptime_seconds": 90, "vigil_windows_scored_total": 4_000_000_001, "vigil_frames_total": 123_456_789_012,
      "vigil_score": 3.5, "vigil_threshold": -0.25, "vigil_alert_state": 2, "vigil_alerts_raised_total": 2,
      "vigil_alarm_line_active": 1,
      "vigil_events_total{kind=\"raise\"}": 2, "vigil_events_total{kind=\"escalate\"}": 1,
      "vigil_events_total{kind=\"clear\"}": 1, "vigil_events_total{kind=\"heartbeat\"}": 17,
      "vigil_fifo_overruns_total": 3, "vigil_bus_errors_total": 5, "vigil_missed_edges_total": 7,
      "vigil_lost_edges_total": 11, "vigil_reprobes_total": 2, "vigil_lost_samples_total": 4096,
      "vigil_outbox_depth": 9, "vigil_outbox_dropped_total": 4, "vigil_last_event_published_seconds": 1.25,
    ]
    #expect(v == expected)
    #expect(types["vigil_windows_scored"] == "counter" && types["vigil_score"] == "gauge" && types["vigil_events"] == "counter")
    #expect(types["vigil_outbox_depth"] == "gauge" && types["vigil_last_event_published_seconds"] == "gauge")

    // Nothing published yet: NaN. No alarm line: no alarm metric.
    transportMetrics.lastPublishedNanoseconds = 0
    s.alarmActive = nil
    #expect(writeMetrics(path, c, s) == 0)
    let (w, _) = try Prometheus.parse(dir.appendingPathComponent("vigil.prom"))
    #expect(w["vigil_last_event_published_seconds"]?.isNaN == true && w["vigil_alarm_line_active"] == nil)
  }

  @Test("a metrics directory that does not exist is an errno, not a crash")
  func missingDirectory() {
    #expect(writeMetrics(FixedPath("/nonexistent/vigil-metrics"), AcquisitionCounters(), MetricsSnapshot()) == -2)
  }
}
