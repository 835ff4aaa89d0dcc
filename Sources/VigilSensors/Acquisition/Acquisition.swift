// Sensor → monitor, one step at a time. The device program runs one ppoll loop over the data-ready line's
// fd, a timerfd and a signalfd, and calls `service(edge:…)` on an edge or when `deadline` passes; the host
// (emulators, tests, `vigil-sim device`) calls `run(…)`, the same steps driven by `line.waitForEdge`.
// All time comes from the line (edge timestamps and `now()`), never a real clock, so an emulator's virtual
// clock can run time as fast as it likes.
//
// What a step handles:
// - the ADXL345's watermark interrupt is a LEVEL and Linux reports EDGES: the FIFO is emptied before the
//   line is armed, every drain empties it below the watermark, and when no edge comes by `deadline` (the
//   FIFO half-way between watermark and full) the step drains anyway and counts a missed edge;
// - overrun: counted, the FIFO recovered (bypass → stream), the samples lost estimated from the time since
//   the last drain, and the monitor starts a new segment so that no window spans the gap;
// - bus errors: counted; a drain cut short keeps its frames and is retried soon; after 3 failures in a row
//   the sensor is treated as gone: re-probe + reconfigure + restart with exponential backoff (10 ms ... 1 s),
//   the samples lost over the outage reported, and a new segment started.

import VigilCore

/// A sensor driver and its data-ready line feeding a `Monitor`, step by step.
public struct Acquisition<Driver: AccelerometerDriver, Line: DataReadyLine> {
  /// The driver (and through it the bus).
  public var driver: Driver
  /// The data-ready line (and its clock).
  public var line: Line
  public let mode: AcquisitionMode
  /// Axes pushed to the monitor per frame (the first `axes` of X, Y, Z: the model's axis count).
  public let axes: Int
  /// What happened so far.
  public private(set) var counters = AcquisitionCounters()
  public private(set) var state = AcquisitionState.stopped
  /// The line-clock time (ns) by which `service` must be called even if no edge comes: the timed drain,
  /// the next snapshot, or the next re-probe attempt.
  public private(set) var deadline: UInt64 = 0

  /// Frames per drain call (the drain repeats while the FIFO holds more).
  public static var framesPerDrain: Int { 64 }
  /// Consecutive failed steps after which the sensor is treated as gone and re-probed.
  public static var failuresBeforeReprobe: Int { 3 }

  let period: UInt64
  var lastDrain: UInt64 = 0
  var snapshotStart: UInt64 = 0
  var nextSnapshot: UInt64 = 0
  var snapshotFrames = 0
  var newSegment = true
  var failures = 0
  var backoff: UInt64 = 0
  var outageSince: UInt64 = 0

  /// An acquisition from `driver` with its interrupt on `line`, pushing `axes` (1 ... 3) axes per frame.
  public init(driver: Driver, line: Line, mode: AcquisitionMode = .continuous, axes: Int = 3) {
    self.driver = driver; self.line = line; self.mode = mode
    self.axes = axes < 1 ? 1 : (axes > 3 ? 3 : axes)
    period = samplePeriodNanoseconds(milliHertz: driver.outputRateMilliHertz)
  }

  /// Time from one drain to the timed drain: half-way from the watermark to a full FIFO (or half the FIFO
  /// for a part without a watermark interrupt).
  public var timedDrainNanoseconds: UInt64 { driver.timedDrainNanoseconds }

  /// Probes and configures the part, empties its FIFO, flushes stale edges and starts measuring. A
  /// missing or wrong part is an error here (the caller reports it); later failures are recovered.
  public mutating func start() throws(DriverError) {
    let t0 = line.now()
    try driver.probe()
    try driver.configure()
    counters = AcquisitionCounters()
    snapshotStart = t0
    try arm()
  }

  /// Stops measuring (standby). Errors are counted, not thrown: stopping must not fail.
  public mutating func stop() {
    do { try driver.stop() } catch { counters.faults.busErrors &+= 1 }
    state = .stopped
  }

  /// Stale edges flushed, then the FIFO emptied and measuring: the line is armed with the FIFO below its
  /// watermark, so the next crossing is a fresh edge. A new segment begins.
  mutating func arm() throws(DriverError) {
    flushEdges()
    try driver.start()
    let now = line.now()
    lastDrain = now
    deadline = now &+ timedDrainNanoseconds
    snapshotFrames = 0
    newSegment = true
    failures = 0
    state = .measuring
  }

  mutating func flushEdges() {
    var n = 0
    while n < 64, let r = try? line.waitForEdge(timeoutNanoseconds: 0), case .edge = r { n &+= 1 }
    _ = line.takeLostEdges()
  }

  /// One step: call on a data-ready edge (with its timestamp) or, with `edge: nil`, when `deadline` has
  /// passed. Drains the FIFO into `monitor` (calling `onWindow` for every scored window), or starts the
  /// next snapshot, or tries to bring a lost sensor back. Never throws: failures are counted and recovered.
  public mutating func service<let capacity: Int>(edge: UInt64?, monitor: inout Monitor<capacity>,
                                                  onWindow: (borrowing WindowReport) -> Void) {
    counters.wakeups.lostEdges &+= line.takeLostEdges()
    let now = line.now()
    switch state {
    case .stopped:
      return
    case .sleeping:
      if now < deadline { return }
      // A failed wake is retried (busFailure); the snapshot keeps its scheduled time.
      do { try arm(); snapshotStart = nextSnapshot } catch { busFailure(now: now) }
    case .recovering:
      if now < deadline { return }
      reprobe(now: now)
    case .measuring:
      if edge == nil && now < deadline { return }
      drainAll(now: now, edge: edge, monitor: &monitor, onWindow: onWindow)
    }
  }

  mutating func drainAll<let capacity: Int>(now: UInt64, edge: UInt64?, monitor: inout Monitor<capacity>,
                                            onWindow: (borrowing WindowReport) -> Void) {
    if edge != nil { counters.wakeups.edges &+= 1 } else { counters.wakeups.timedDrains &+= 1 }
    let timestamp = timestampMillis(edge ?? now)
    var frames = InlineArray<192, Int16>(repeating: 0)         // framesPerDrain × 3 axes
    var total = 0, rounds = 0
    var roundStart = now
    while true {
      roundStart = line.now()                                // the FIFO's level is read at the start of a round
      let d = withUnsafeMutablePointer(to: &frames) { p in
        p.withMemoryRebound(to: Int16.self, capacity: 192) { q in
          let got = driver.drain(into: UnsafeMutableBufferPointer(start: q, count: Self.framesPerDrain &* axes), axes: axes)
          if got.frames > 0 { deliver(UnsafeBufferPointer(start: q, count: got.frames &* axes), timestamp: timestamp,
                                      monitor: &monitor, onWindow: onWindow) }
          return got
        }
      }
      total &+= d.frames
      if state != .measuring { return }                     // a snapshot completed in deliver
      if d.error != nil { busFailure(now: now); return }
      if d.overrun { overrun(now: now); return }
      rounds &+= 1
      if d.remaining == 0 || rounds >= 4 { break }
    }
    failures = 0
    if edge == nil && driver.watermarkFrames > 0 && total >= driver.watermarkFrames { counters.wakeups.missedEdges &+= 1 }
    // Everything sampled before the last round's level read has been read (a long drain of a deep FIFO,
    // e.g. the MPU-6050's, takes several sample periods).
    lastDrain = roundStart
    deadline = now &+ timedDrainNanoseconds
  }

  /// Pushes frames to the monitor (capped at the snapshot's remainder), starting a segment if one is due.
  mutating func deliver<let capacity: Int>(_ samples: UnsafeBufferPointer<Int16>, timestamp: UInt64,
                                           monitor: inout Monitor<capacity>, onWindow: (borrowing WindowReport) -> Void) {
    var chunk = samples
    var target = 0
    if case .snapshot(let frames, _) = mode {
      target = frames
      let room = frames &- snapshotFrames
      if chunk.count / axes > room { chunk = UnsafeBufferPointer(rebasing: chunk[0..<(room &* axes)]) }
    }
    if chunk.isEmpty { return }
    if newSegment { monitor.startSegment(); counters.segments &+= 1; newSegment = false }
    var windows: UInt32 = 0
    monitor.push(chunk, timestamp: timestamp) { r in windows &+= 1; onWindow(r) }
    counters.windows &+= windows
    let n = chunk.count / axes
    counters.frames &+= wideU(n)
    snapshotFrames &+= n
    if target > 0 && snapshotFrames >= target { finishSnapshot() }
  }

  /// Events carry milliseconds on the line's clock: the edge's time, or in snapshot mode the snapshot's
  /// scheduled start (so a snapshot's windows share one time, as a snapshot recording's do).
  func timestampMillis(_ t: UInt64) -> UInt64 {
    if case .snapshot = mode { return snapshotStart / 1_000_000 }
    return t / 1_000_000
  }

  /// Snapshot done: standby until the next one (skipping any whose start has already passed).
  mutating func finishSnapshot() {
    counters.snapshots &+= 1
    sleepUntilNextSnapshot()
  }

  mutating func sleepUntilNextSnapshot() {
    guard case .snapshot(_, let every) = mode else { return }
    do { try driver.stop() } catch { counters.faults.busErrors &+= 1 }
    let now = line.now()
    var next = snapshotStart &+ every
    while next <= now && every > 0 { next &+= every }
    nextSnapshot = next
    deadline = next
    state = .sleeping
  }

  mutating func overrun(now: UInt64) {
    counters.faults.overruns &+= 1
    newSegment = true
    if case .snapshot(let frames, _) = mode {
      // The snapshot is cut: what it still needed is lost; the windows it completed stand.
      counters.faults.lostSamples &+= wideU(frames &- snapshotFrames)
      do { try driver.recoverOverrun() } catch { counters.faults.busErrors &+= 1 }
      sleepUntilNextSnapshot()
      return
    }
    // Everything sampled from the last drain until the FIFO is reset is gone: what overflowed and what
    // the recovery empties.
    do { try driver.recoverOverrun() } catch { busFailure(now: now); return }
    let reset = line.now()
    counters.faults.lostSamples &+= period > 0 ? (reset &- lastDrain) / period : 0
    lastDrain = reset
    deadline = now &+ timedDrainNanoseconds
  }

  mutating func busFailure(now: UInt64) {
    counters.faults.busErrors &+= 1
    failures &+= 1
    if failures < Self.failuresBeforeReprobe {
      deadline = now &+ 2_000_000                          // retry the drain in 2 ms (the edge may not repeat)
      return
    }
    state = .recovering
    newSegment = true
    outageSince = lastDrain
    backoff = 10_000_000
    deadline = now &+ backoff
  }

  mutating func reprobe(now: UInt64) {
    do {
      try driver.probe()
      try driver.configure()
    } catch {
      counters.faults.busErrors &+= 1
      backoff = backoff >= 500_000_000 ? 1_000_000_000 : backoff &* 2
      deadline = now &+ backoff
      return
    }
    counters.faults.reprobes &+= 1
    counters.faults.lostSamples &+= period > 0 ? (now &- outageSince) / period : 0
    if case .snapshot = mode {
      // The interrupted snapshot is abandoned; the next starts on schedule.
      sleepUntilNextSnapshot()
      return
    }
    do { try arm() } catch { busFailure(now: now) }
  }

  /// The host's loop: waits on the line until the next edge or `deadline`, then steps, while `keepGoing()`
  /// says so. A failing line (not the sensor) ends the loop with its error.
  public mutating func run<let capacity: Int>(monitor: inout Monitor<capacity>, while keepGoing: () -> Bool,
                                              onWindow: (borrowing WindowReport) -> Void) throws(DriverError) {
    while keepGoing() && state != .stopped {
      let now = line.now()
      let wait: EdgeWait
      do { wait = try line.waitForEdge(timeoutNanoseconds: deadline > now ? deadline &- now : 0) } catch { throw .bus(error) }
      switch wait {
      case .edge(let t): service(edge: t, monitor: &monitor, onWindow: onWindow)
      case .timeout: service(edge: nil, monitor: &monitor, onWindow: onWindow)
      }
    }
  }
}
