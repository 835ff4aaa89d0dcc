// The Prometheus node_exporter textfile (text exposition format 0.0.4): `<metrics_dir>/vigil.prom`, written
// whole into `vigil.prom.tmp` in the same directory and renamed over it, so the collector never reads half a
// file. Built in one fixed 8 KiB buffer from TextLine pieces: nothing is allocated. No fsync: the file is
// rewritten every few seconds and after a power cut the next write replaces it (an SD card is spared).
//
// Metrics (all prefixed `vigil_`): see `writeMetrics`; README "Metrics" lists them with their meaning.

import CVigilIO
import VigilCore
import VigilSensors

nonisolated(unsafe) var metricsBuffer = InlineArray<8192, UInt8>(repeating: unfoldedZero())

/// The metrics file being built: TextLine pieces appended to `metricsBuffer`.
struct MetricsText {
  var count = 0
  var overflow = false

  /// Appends the line (and a newline).
  mutating func append(_ line: inout TextLine) {
    line.put(byte: 10)
    if line.truncated { overflow = true; return }
    let start = count
    line.withBytes { b in
      withUnsafeMutablePointer(to: &metricsBuffer) { p in
        p.withMemoryRebound(to: UInt8.self, capacity: 8192) { q in
          if start &+ b.count > 8192 { overflow = true; return }
          for i in 0..<b.count { q[start &+ i] = b[i] }
          count = start &+ b.count
        }
      }
    }
  }

  /// `# HELP name text` and `# TYPE name type`.
  mutating func header(_ name: StaticString, _ type: StaticString, _ help: StaticString) {
    var h = TextLine("# HELP "); h.put(name); h.put(" "); h.put(help); append(&h)
    var t = TextLine("# TYPE "); t.put(name); t.put(" "); t.put(type); append(&t)
  }

  /// A metric without labels and an unsigned value.
  mutating func metric(_ name: StaticString, _ type: StaticString, _ help: StaticString, _ value: UInt64) {
    header(name, type, help)
    var l = TextLine(name); l.put(" "); l.put(decimal: value); append(&l)
  }
  mutating func metric(_ name: StaticString, _ type: StaticString, _ help: StaticString, _ value: UInt32) {
    metric(name, type, help, UInt64(_truncatingBits: UInt(value)))
  }
}

extension TextLine {
  /// A fixed-point value with `fractionBits` fraction bits, as a decimal with 6 fraction digits.
  mutating func put(fixed v: Int32, fractionBits: Int) {
    if v < 0 { put(byte: 45) }
    let magnitude = Int64(bitPattern: UInt64(_truncatingBits: UInt(v.magnitude)))
    let one = Int64(bitPattern: UInt64(1) &<< UInt64(_truncatingBits: UInt(bitPattern: fractionBits)))
    put(ratio: magnitude, over: one, fractionDigits: 6)
  }
}

/// The figures of one metrics file besides the acquisition's counters.
struct MetricsSnapshot {
  var eventsByKind = InlineArray<4, UInt64>(repeating: 0)   // raise, escalate, clear, heartbeat
  var startNanoseconds: UInt64 = 0
  var nowNanoseconds: UInt64 = 0
  var alarmActive: Bool? = nil
  var sensor: StaticString = "adxl345"
  var odrMilliHz: UInt32 = 0
  /// The alert state machine's figures, copied from it between windows or from the latest event (the
  /// monitor itself is not read while it is being updated).
  var alerts = AlertFigures()
}

/// The alert state as the metrics show it.
struct AlertFigures {
  var known = false
  var smoothedScore: Int32 = 0
  var threshold: Int32 = 0
  var fractionBits = 16
  var state = Severity.normal
  var raised: UInt32 = 0

  init() {}
  /// The state machine's figures.
  init(_ a: AlertStateMachine) {
    known = true; smoothedScore = a.smoothedScore; threshold = a.threshold
    fractionBits = a.detector.scoreFractionBits; state = a.state; raised = a.alerts
  }
  /// The figures an event carries (its smoothed score, threshold, severity and alert count).
  init(_ e: AlertEvent) {
    known = true; smoothedScore = e.score; threshold = e.threshold
    fractionBits = e.detector.scoreFractionBits; state = e.kind == .clear ? .normal : e.severity; raised = e.alerts
  }
}

/// Builds the metrics text for the counters, the monitor's alert state and `s` into `metricsBuffer`:
/// its length, or nil when it does not fit (never with this fixed set of metrics).
func buildMetrics(_ c: AcquisitionCounters, _ s: MetricsSnapshot) -> Int? {
  var m = MetricsText()
  m.header("vigil_info", "gauge", "The device program: version, sensor and output data rate (Hz).")
  var info = TextLine("vigil_info{version=\""); info.put(vigilVersion); info.put("\",sensor=\""); info.put(s.sensor)
  info.put("\",odr_hz=\""); info.put(milli: UInt64(_truncatingBits: UInt(s.odrMilliHz))); info.put("\"} 1"); m.append(&info)
  m.metric("vigil_uptime_seconds", "gauge", "Seconds since the monitor started.",
           (s.nowNanoseconds &- s.startNanoseconds) / 1_000_000_000)
  m.metric("vigil_windows_scored_total", "counter", "Windows scored by the model.", c.windows)
  let a = s.alerts
  if a.known {
    let bits = a.fractionBits
    m.header("vigil_score", "gauge", "The smoothed anomaly score (detector units, as the events' score).")
    var l = TextLine("vigil_score "); l.put(fixed: a.smoothedScore, fractionBits: bits); m.append(&l)
    m.header("vigil_threshold", "gauge", "The model's alert threshold (detector units, as the events' threshold).")
    var t = TextLine("vigil_threshold "); t.put(fixed: a.threshold, fractionBits: bits); m.append(&t)
    m.metric("vigil_alert_state", "gauge", "Alert state: 0 normal, 1 warning, 2 critical.",
             UInt32(truncatingIfNeeded: a.state.rawValue))
    m.metric("vigil_alerts_raised_total", "counter", "Alert episodes raised by the current model.", a.raised)
  }
  if let active = s.alarmActive {
    m.metric("vigil_alarm_line_active", "gauge", "The alarm output line: 1 active, 0 inactive.", active ? UInt32(1) : 0)
  }
  m.header("vigil_events_total", "counter", "Events emitted, by kind.")
  let kinds: InlineArray<4, StaticString> = ["raise", "escalate", "clear", "heartbeat"]
  for i in 0..<4 {
    var l = TextLine("vigil_events_total{kind=\""); l.put(kinds[i]); l.put("\"} "); l.put(decimal: s.eventsByKind[i])
    m.append(&l)
  }
  c.forEachReported { _, name, help, value in m.metric(name, "counter", help, value) }
  var t = transportMetrics
  let mqtt = transportStatus()                                    // Transport/Hooks.swift: the outbox when MQTT is on
  if mqtt.enabled {
    t.outboxDepth = UInt32(truncatingIfNeeded: mqtt.outboxDepth)
    t.outboxDropped = mqtt.droppedHeartbeats &+ mqtt.droppedAlerts
    t.lastPublishedNanoseconds = mqtt.lastAcknowledgedAt          // published = acknowledged by the broker (PUBACK)
  }
  m.metric("vigil_outbox_depth", "gauge", "Events waiting in the outbox (0 without a broker).", t.outboxDepth)
  m.metric("vigil_outbox_dropped_total", "counter", "Events dropped because the outbox was full.", t.outboxDropped)
  m.header("vigil_last_event_published_seconds", "gauge", "Seconds since the last event was published (NaN: none yet).")
  var l = TextLine("vigil_last_event_published_seconds ")
  if t.lastPublishedNanoseconds == 0 || t.lastPublishedNanoseconds > s.nowNanoseconds { l.put("NaN") }
  else { l.put(ratio: Int64(bitPattern: s.nowNanoseconds &- t.lastPublishedNanoseconds), over: 1_000_000_000, fractionDigits: 3) }
  m.append(&l)
  return m.overflow ? nil : m.count
}

/// `<directory>/<name>` as a NUL-terminated path for C.
func withFile<R>(_ directory: FixedPath, _ name: StaticString, _ body: (UnsafePointer<CChar>) -> R) -> R {
  var path = InlineArray<160, CChar>(repeating: 0)
  var n = 0
  while n < directory.count && n < 140 { path[n] = CChar(bitPattern: directory[n]); n &+= 1 }
  if n > 0 && path[n &- 1] != 47 { path[n] = 47; n &+= 1 }
  let s = name.utf8Start
  for i in 0..<name.utf8CodeUnitCount where n < 159 { path[n] = CChar(bitPattern: s[i]); n &+= 1 }
  return withUnsafeMutablePointer(to: &path) { p in
    p.withMemoryRebound(to: CChar.self, capacity: 160) { body(UnsafePointer($0)) }
  }
}

/// Writes the metrics file into `directory` (temporary file + rename): 0 or −errno.
func writeMetrics(_ directory: FixedPath, _ c: AcquisitionCounters, _ s: MetricsSnapshot) -> Int32 {
  guard let n = buildMetrics(c, s) else { return -Int32(VIGIL_IO_EFBIG) }
  let fd = withFile(directory, "vigil.prom.tmp") { vigil_io_create($0) }
  if fd < 0 { return fd }
  var r = withUnsafeMutablePointer(to: &metricsBuffer) { p in
    p.withMemoryRebound(to: UInt8.self, capacity: 8192) { vigil_io_write_all(fd, $0, UInt32(truncatingIfNeeded: n)) }
  }
  let closed = vigil_io_close(fd)
  if r == 0 { r = closed }
  if r != 0 { return r }
  return withFile(directory, "vigil.prom.tmp") { tmp in withFile(directory, "vigil.prom") { vigil_io_rename(tmp, $0) } }
}
