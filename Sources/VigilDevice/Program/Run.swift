// `vigil run`: the monitor. One thread, one ppoll loop over the data-ready line's event fd, a timerfd (the
// acquisition's deadline: timed drain, next snapshot, re-probe) and a signalfd (TERM/INT stop, HUP reloads
// the model). Every window is scored by the core; events (JSON lines) go to standard output, and every
// heartbeat carries the acquisition's counters.

import CVigilIO
import VigilCore
import VigilLinux
import VigilSensors

/// The monitor and the model bytes live in static storage: a Monitor<1024> is ~32 KB and is only ever
/// accessed in place (never copied).
nonisolated(unsafe) var monitorStorage: Monitor<1024>? = nil

/// Runs `body` on the running monitor in place (`monitorStorage` must hold one). Reading the Optional global
/// (`monitorStorage != nil`, `monitorStorage!.alerts`) copies the whole monitor (32 KB: its rings and model)
/// to the stack first: done on every wake-up of the loop, that was over half of the loop's instructions.
func withRunningMonitor<R>(_ body: (inout Monitor<1024>) -> R) -> R {
  withUnsafeMutablePointer(to: &monitorStorage) { p in
    // An Optional of a struct keeps its payload at offset 0.
    body(&UnsafeMutableRawPointer(p).assumingMemoryBound(to: Monitor<1024>.self).pointee)
  }
}
nonisolated(unsafe) var modelBytes = InlineArray<16384, UInt8>(repeating: unfoldedZero())

/// Reads and parses a model file into a `Model` (static buffer; nothing allocated).
func loadModel(_ path: FixedPath) -> Model? {
  let n = withUnsafeMutablePointer(to: &modelBytes) { p in
    p.withMemoryRebound(to: UInt8.self, capacity: 16384) { q in path.withCString { vigil_io_read_file($0, q, 16384) } }
  }
  if n < 0 {
    if n == -Int32(VIGIL_IO_EFBIG) { var l = TextLine("Error: "); l.put(path); l.put(": larger than 16 KiB: not a model file"); l.writeLine(to: StandardStream.error) }
    else { report(errno: n, doing: "cannot read the model", path) }
    return nil
  }
  do throws(ModelError) {
    return try withUnsafeMutablePointer(to: &modelBytes) { (p) throws(ModelError) -> Model in
      try p.withMemoryRebound(to: UInt8.self, capacity: 16384) { (q) throws(ModelError) -> Model in
        try Model.parse(UnsafeBufferPointer(start: q, count: Int(n)))
      }
    }
  } catch {
    report(error, model: path)
    return nil
  }
}

/// Refuses a model whose front end does not match the sensor's stream (axes it needs, its sample rate),
/// naming both. Returns false (after the message) when it does not fit.
func modelFits(_ model: Model, config: DeviceConfig, path: FixedPath) -> Bool {
  let fe = model.frontEnd
  if fe.sampleRateMilliHz != 0 && fe.sampleRateMilliHz != config.odrMilliHz {
    var l = TextLine("Error: ")
    l.put(path); l.put(": the model was made for "); l.put(milli: UInt64(_truncatingBits: UInt(fe.sampleRateMilliHz)))
    l.put(" Hz; the sensor runs at "); l.put(milli: UInt64(_truncatingBits: UInt(config.odrMilliHz)))
    l.put(" Hz (odr_hz in the config): train a model on data at that rate (vigil-sim train --sensor ...)")
    l.writeLine(to: StandardStream.error)
    return false
  }
  if fe.axes > 3 || fe.axes < 1 {
    report("the model's axis count is not 1...3")
    return false
  }
  return true
}

/// The acquisition mode for a config at the sensor's rate.
func acquisitionMode(_ config: DeviceConfig) -> AcquisitionMode {
  switch config.schedule {
  case .continuous: return .continuous
  case .snapshot(let ms, let every):
    // frames = ms × ODR / 1000 (mHz × ms / 10^6), rounded down, at least 1.
    let odr = UInt64(_truncatingBits: UInt(config.odrMilliHz)), t = UInt64(_truncatingBits: UInt(ms))
    let frames = Int(truncatingIfNeeded: (odr &* t) / 1_000_000)
    return .snapshot(frames: frames < 1 ? 1 : frames, everyNanoseconds: UInt64(_truncatingBits: UInt(every)) &* 1_000_000)
  }
}

/// Buffers for event lines.
nonisolated(unsafe) var eventBuffer = InlineArray<1024, UInt8>(repeating: unfoldedZero())

/// Writes one event as its JSON line to standard output; a heartbeat also carries the counters. Returns
/// false when standard output cannot be written (the caller stops: nothing can leave the device).
func emit(_ event: AlertEvent, bands: Int, counters: AcquisitionCounters) -> Bool {
  withUnsafeMutablePointer(to: &eventBuffer) { p in
    p.withMemoryRebound(to: UInt8.self, capacity: 1024) { q in
      let out = UnsafeMutableBufferPointer(start: q, count: 1024)
      guard var n = event.encodeJSON(bandCount: bands, into: out), n >= 2 else { return true }
      if event.kind == .heartbeat {
        // `...}\n` → `...,"overruns":N,...}\n`
        var l = TextLine()
        counters.forEachReported { key, _, _, value in
          l.put(",\""); l.put(key); l.put("\":"); l.put(decimal: value)
        }
        l.put("}\n")
        n &-= 2
        l.withBytes { b in for c in b where n < 1024 { out[n] = c; n &+= 1 } }
      }
      transportEnqueue(UnsafeBufferPointer(start: q, count: n), heartbeat: event.kind == .heartbeat)   // Transport/
      let written = vigil_io_write_all(StandardStream.output, q, UInt32(truncatingIfNeeded: n)) == 0
      deviceOutputs.didEmit(event, counters: counters, written: written)             // Outputs.swift
      return written
    }
  }
}

/// Logs each new FIFO overrun and re-probe on standard error, with the window count at that moment (the
/// windows before it are unaffected; a new segment starts after it).
func logGaps(_ c: AcquisitionCounters, _ overruns: inout UInt32, _ reprobes: inout UInt32) {
  if c.faults.overruns != overruns {
    overruns = c.faults.overruns
    var l = TextLine("vigil: FIFO overrun (#"); l.put(decimal: overruns); l.put(") after window ")
    l.put(decimal: withRunningMonitor { $0.alerts.windows }); l.put(": recovered, a new segment starts")
    l.writeLine(to: StandardStream.error)
  }
  if c.faults.reprobes != reprobes {
    reprobes = c.faults.reprobes
    var l = TextLine("vigil: sensor re-probed (#"); l.put(decimal: reprobes); l.put(") after window ")
    l.put(decimal: withRunningMonitor { $0.alerts.windows }); l.put(": reconfigured, a new segment starts")
    l.writeLine(to: StandardStream.error)
  }
}

/// Writes the end-of-run summary line to standard error.
func summarize(_ c: AcquisitionCounters) {
  var l = TextLine("vigil: ")
  l.put(decimal: c.windows); l.put(" windows")
  c.forEachReported { key, _, _, value in l.put(", "); l.put(decimal: value); l.put(" "); l.put(words: key) }
  l.writeLine(to: StandardStream.error)
}

/// Runs the monitor until SIGTERM/SIGINT (or `limitMs` of line-clock time): exit status.
func runLoop<D: AccelerometerDriver>(driver: D, line: GPIOEdgeLine, config: DeviceConfig, modelPath: FixedPath,
                                    limitMs: UInt32?) -> Int32 {
  guard monitorStorage != nil else { return 1 }
  guard transportStart(config, model: monitorStorage!.model) else { return 1 }                        // Transport/
  var acq = Acquisition(driver: driver, line: line, mode: acquisitionMode(config), axes: monitorStorage!.model.frontEnd.axes)
  guard deviceOutputs.open(config, now: acq.line.now()) else { return 1 }          // Outputs.swift
  defer { deviceOutputs.stop(acq.counters) }
  do throws(DriverError) { try acq.start() } catch {
    report(error, bus: config.i2cBus, address: config.address)
    return 1
  }
  deviceOutputs.ready(config)
  var timer: IntervalTimer
  var inbox: SignalInbox
  do throws(SystemCallError) {
    timer = try IntervalTimer()
    inbox = try SignalInbox(SignalSet.terminate.union(.interrupt).union(.hangup))
  } catch { report("cannot create the timerfd or signalfd"); acq.stop(); return 1 }
  var poll = PollSet()
  let lineSlot = poll.add(acq.line.fileDescriptor) ?? -1
  let timerSlot = poll.add(timer.fileDescriptor) ?? -1
  let signalSlot = poll.add(inbox.fileDescriptor) ?? -1
  let transportSlot = poll.add(-1) ?? -1                                                          // Transport/
  let start = acq.line.now()
  let end: UInt64 = limitMs.map { start &+ UInt64(_truncatingBits: UInt($0)) &* 1_000_000 } ?? UInt64.max
  var status: Int32 = 0
  var bands = monitorStorage!.model.frontEnd.bandLikeCount
  var stdoutBroken = false
  var seenOverruns: UInt32 = 0, seenReprobes: UInt32 = 0
  loop: while true {
    let now = acq.line.now()
    if now >= end { break }
    let wait = acq.deadline > now ? acq.deadline &- now : 1_000
    let transportWait = transportDeadline(now: now) > now ? transportDeadline(now: now) &- now : 1_000    // Transport/
    let due = min(transportWait, deviceOutputs.due(now))                                       // Outputs.swift
    do throws(SystemCallError) { try timer.arm(initialNanoseconds: min(min(wait, end &- now), due), intervalNanoseconds: 0) }
    catch { report("cannot arm the timerfd"); status = 1; break }
    transportPrepare(&poll, slot: transportSlot)                                                  // Transport/
    let ready: PollSet.Ready
    do throws(SystemCallError) { ready = try poll.wait(timeoutNanoseconds: -1) }
    catch { report("ppoll failed"); status = 1; break }
    if ready.contains(signalSlot) {
      while true {
        let sig: Int32?
        do throws(SystemCallError) { sig = try inbox.take() } catch { sig = nil }
        guard let s = sig else { break }
        if s == 1 {
          // SIGHUP: reload the model; a model that does not fit is refused and the old one keeps running.
          if let m = loadModel(modelPath), modelFits(m, config: config, path: modelPath), axesFit(m, running: acq.axes, path: modelPath) {
            do throws(ConfigError) {
              monitorStorage = try Monitor<1024>(model: m)
              bands = m.frontEnd.bandLikeCount
              var l = TextLine("vigil: model reloaded from "); l.put(modelPath); l.writeLine(to: StandardStream.error)
            } catch { report("the new model's front end does not fit this build; the old model keeps running") }
          } else {
            report("model not reloaded; the old model keeps running")
          }
        } else {
          break loop                                                   // TERM / INT
        }
      }
    }
    if ready.contains(timerSlot) { _ = try? timer.takeExpirations() }
    transportService(ready, slot: transportSlot, now: acq.line.now())                             // Transport/
    // Heartbeats carry the counters as they were before this drain (the acquisition is busy during it).
    if ready.contains(lineSlot) {
      while true {
        let w: EdgeWait
        do throws(BusError) { w = try acq.line.waitForEdge(timeoutNanoseconds: 0) } catch { break }
        guard case .edge(let t) = w else { break }
        let c = acq.counters
        withRunningMonitor { m in
          acq.service(edge: t, monitor: &m) { r in
            if let e = r.event, !stdoutBroken, !emit(e, bands: bands, counters: c) { stdoutBroken = true }
          }
        }
      }
    }
    if acq.line.now() >= acq.deadline {
      let c = acq.counters
      withRunningMonitor { m in
        acq.service(edge: nil, monitor: &m) { r in
          if let e = r.event, !stdoutBroken, !emit(e, bands: bands, counters: c) { stdoutBroken = true }
        }
      }
    }
    if stdoutBroken { report("cannot write to standard output: stopping"); status = 1; break }
    logGaps(acq.counters, &seenOverruns, &seenReprobes)
    deviceOutputs.tick(acq.line.now(), acq.counters, alerts: withRunningMonitor { AlertFigures($0.alerts) })
  }
  acq.stop()
  transportStop()                                                                                 // Transport/
  summarize(acq.counters)
  timer.close(); inbox.close(); acq.line.close()
  return status
}
