// The monitor's outputs besides the event stream on standard output, driven from the one ppoll loop of
// `vigil run` (Run.swift calls the hooks: open, ready, due, tick, didEmit, stop):
//   - the Prometheus node_exporter textfile (`metrics_dir`): rewritten at every event and at least every
//     `metrics_every_seconds` (MetricsFile.swift);
//   - the alarm line (`alarm_line`): a GPIO output that follows the alert state — active from a raise (or
//     escalation) to the clear, inactive at start and when vigil stops;
//   - systemd's notify protocol ($NOTIFY_SOCKET, Type=notify): READY=1 once the sensor is configured,
//     WATCHDOG=1 every half of WatchdogSec ($WATCHDOG_USEC), STATUS=... on state changes, STOPPING=1 on the
//     way out.
// Everything lives in static storage; nothing is allocated.

import CVigilIO
import VigilCore
import VigilLinux
import VigilSensors

/// Opens a GPIO line on `chip` (a label or name), or when it is empty on the 40-pin header's chip found by
/// its label (`headerChipLabels`). Throws the first error other than "no such chip".
func openOnHeaderChip<T>(_ chip: FixedPath, _ open: (UnsafePointer<CChar>) throws(BusError) -> T) throws(BusError) -> T {
  if !chip.isEmpty { return try chip.withCString { (c) throws(BusError) in try open(c) } }
  for i in headerChipLabels.indices {
    do throws(BusError) {
      return try open(UnsafeRawPointer(headerChipLabels[i].utf8Start).assumingMemoryBound(to: CChar.self))
    } catch { if error != .noDevice { throw error } }
  }
  throw .noDevice
}

/// The outputs of one `vigil run`.
struct DeviceOutputs {
  var notifier: ServiceNotifier? = nil
  var watchdogNanoseconds: UInt64 = 0
  var alarm: GPIOOutputLine? = nil
  var metricsDirectory = FixedPath()
  var metricsEveryNanoseconds: UInt64 = 0
  var snapshot = MetricsSnapshot()
  var nextWatchdog = UInt64.max
  var nextMetrics = UInt64.max
  var metricsFailing = false
  var alarmFailing = false
  var lastCounters = AcquisitionCounters()

  /// Opens the alarm line (inactive), the notify socket and the metrics schedule. False after an error
  /// message (the alarm line cannot be requested, $NOTIFY_SOCKET is malformed).
  mutating func open(_ config: DeviceConfig, now: UInt64) -> Bool {
    snapshot = MetricsSnapshot()
    snapshot.startNanoseconds = now
    snapshot.nowNanoseconds = now
    snapshot.sensor = config.sensor.configName
    snapshot.odrMilliHz = config.odrMilliHz
    if let offset = config.outputs.alarmLine {
      do throws(BusError) {
        alarm = try openOnHeaderChip(config.outputs.alarmChip) { (c) throws(BusError) in
          try GPIOOutputLine(chip: c, offset: UInt32(offset), consumer: "vigil-alarm",
                             activeLow: config.outputs.alarmActiveLow, active: false)
        }
        snapshot.alarmActive = false
      } catch {
        var l = TextLine("Error: cannot request the alarm line (GPIO "); l.put(decimal: Int(offset)); l.put(" on ")
        if config.outputs.alarmChip.isEmpty { l.put("the 40-pin header's chip") } else { l.put(config.outputs.alarmChip) }
        l.put("): "); l.put(error.message); l.put(" (alarm_chip / alarm_line in the config; gpioinfo lists the lines)")
        l.writeLine(to: StandardStream.error)
        return false
      }
    }
    do throws(SystemCallError) { notifier = try ServiceNotifier() } catch {
      report("NOTIFY_SOCKET is not a usable socket address (an absolute path or @name)")
      closeAlarm()
      return false
    }
    watchdogNanoseconds = ServiceNotifier.watchdogNanoseconds
    if watchdogNanoseconds > 0 { nextWatchdog = now &+ watchdogNanoseconds / 2 }
    metricsDirectory = config.outputs.metricsDirectory
    if !metricsDirectory.isEmpty {
      metricsEveryNanoseconds = UInt64(_truncatingBits: UInt(config.outputs.metricsEveryMilliseconds)) &* 1_000_000
      nextMetrics = now
    }
    return true
  }

  /// Nanoseconds until `tick` has work (the loop's timer waits no longer).
  func due(_ now: UInt64) -> UInt64 {
    let next = min(nextWatchdog, nextMetrics)
    return next > now ? next &- now : 1
  }

  /// The sensor is configured and the loop starts: READY=1.
  mutating func ready(_ config: DeviceConfig) {
    var l = TextLine("READY=1\nSTATUS=monitoring: "); l.put(config.sensor.configName); l.put(" at ")
    l.put(milli: UInt64(_truncatingBits: UInt(config.odrMilliHz))); l.put(" Hz, model "); l.put(config.model)
    notify(l)
  }

  /// Called by the loop after every wake-up: the watchdog ping and the periodic metrics file when due.
  /// `alerts`: the running monitor's, between windows.
  mutating func tick(_ now: UInt64, _ counters: AcquisitionCounters, alerts: AlertFigures) {
    lastCounters = counters
    snapshot.alerts = alerts
    if now >= nextWatchdog {
      notify(TextLine("WATCHDOG=1"))
      nextWatchdog = now &+ watchdogNanoseconds / 2
    }
    if now >= nextMetrics { writeMetricsFile(now) }
  }

  /// Called for every event leaving the device (`written`: it reached standard output): counts it by kind,
  /// moves the alarm line, updates the status and writes the metrics file.
  mutating func didEmit(_ event: AlertEvent, counters: AcquisitionCounters, written: Bool) {
    let now = MonotonicClock.now()
    lastCounters = counters
    let k = Int(event.kind.rawValue) &- 1
    if k >= 0 && k < 4 { snapshot.eventsByKind[k] &+= 1 }
    snapshot.alerts = AlertFigures(event)             // the monitor is being updated: not read here
    // Standard output publishes when the line is written (the MQTT transport stamps its acknowledgements).
    if written && !transportStatus().enabled { transportMetrics.lastPublishedNanoseconds = now }
    switch event.kind {
    case .raise, .escalate: setAlarm(true)
    case .clear: setAlarm(false)
    case .heartbeat: setAlarm(event.severity != .normal)
    }
    if event.kind != .heartbeat {
      var l = TextLine("STATUS=")
      if event.kind == .clear { l.put("normal since window ") }
      else { l.put(event.severity == .critical ? "ALERT (critical) since window " : "ALERT (warning) since window ") }
      l.put(decimal: event.window)
      notify(l)
    }
    if !metricsDirectory.isEmpty { writeMetricsFile(now) }
  }

  /// vigil is stopping (SIGTERM, the end of a timed run, or an error): STOPPING=1, the alarm line inactive
  /// and released, a last metrics file.
  mutating func stop(_ counters: AcquisitionCounters) {
    notify(TextLine("STOPPING=1"))
    lastCounters = counters
    setAlarm(false)
    closeAlarm()
    if !metricsDirectory.isEmpty { writeMetricsFile(MonotonicClock.now()) }
    notifier?.close()
    notifier = nil
    nextWatchdog = .max; nextMetrics = .max
  }

  mutating func setAlarm(_ active: Bool) {
    guard alarm != nil, alarm!.isActive != active else { return }
    do throws(BusError) {
      try alarm!.set(active: active)
      snapshot.alarmActive = active
      alarmFailing = false
    } catch {
      if !alarmFailing { var l = TextLine("vigil: cannot set the alarm line: "); l.put(error.message); l.writeLine(to: StandardStream.error) }
      alarmFailing = true
    }
  }

  mutating func closeAlarm() {
    alarm?.close()
    alarm = nil
  }

  func notify(_ line: TextLine) {
    guard let n = notifier, n.isConnected else { return }
    line.withBytes { b in _ = try? n.send(b) }
  }

  /// Writes the metrics file; the first failure in a row is reported on standard error, and the recovery.
  mutating func writeMetricsFile(_ now: UInt64) {
    snapshot.nowNanoseconds = now
    nextMetrics = now &+ metricsEveryNanoseconds
    let r = writeMetrics(metricsDirectory, lastCounters, snapshot)
    if r != 0 && !metricsFailing {
      var l = TextLine("vigil: cannot write the metrics file "); l.put(metricsDirectory); l.put("/vigil.prom.tmp: ")
      l.put(cString: vigil_io_strerror(0 &- r)); l.put(" (retrying every metrics_every_seconds)")
      l.writeLine(to: StandardStream.error)
    } else if r == 0 && metricsFailing {
      var l = TextLine("vigil: metrics file written again in "); l.put(metricsDirectory); l.writeLine(to: StandardStream.error)
    }
    metricsFailing = r != 0
  }
}

/// The outputs of the running monitor (static storage; one `vigil run` per process).
nonisolated(unsafe) var deviceOutputs = DeviceOutputs()
