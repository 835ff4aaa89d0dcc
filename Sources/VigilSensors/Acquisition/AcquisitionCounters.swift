// What an acquisition counts: the numbers the device reports in every heartbeat, its metrics file and its
// end-of-run summary, and `vigil-sim device` prints on stderr. Grouped by what they describe: progress
// (here), what woke the acquisition up (`WakeupCounters`) and what went wrong (`FaultCounters`).

/// Counters of an acquisition since it started.
public struct AcquisitionCounters: Sendable, Equatable {
  /// Windows the monitor scored.
  public var windows: UInt32 = 0
  /// Frames read from the sensor and pushed to the monitor.
  public var frames: UInt64 = 0
  /// Segments started (the first one, and one after every gap or snapshot).
  public var segments: UInt32 = 0
  /// Snapshots completed (snapshot mode).
  public var snapshots: UInt32 = 0
  /// How the drains started: data-ready edges, timer, missed and lost edges.
  public var wakeups = WakeupCounters()
  /// Overruns, bus errors, re-probes and the samples they cost.
  public var faults = FaultCounters()
  public init() {}

  /// Calls `body` with each counter the device reports, in the order it reports them: `key` is the
  /// heartbeat's JSON key (and, with `_` read as a space, the summary's words), `metric` and `help` the
  /// metrics file's counter. The heartbeat, the metrics file and the summary all list them from here.
  public func forEachReported(
    _ body: (_ key: StaticString, _ metric: StaticString, _ help: StaticString, _ value: UInt64) -> Void
  ) {
    body("frames", "vigil_frames_total", "Frames read from the sensor.", frames)
    body("overruns", "vigil_fifo_overruns_total", "Sensor FIFO overruns (each recovered with a new segment).",
         wideU(faults.overruns))
    body("bus_errors", "vigil_bus_errors_total", "Failed I2C transactions.", wideU(faults.busErrors))
    body("missed_edges", "vigil_missed_edges_total",
         "Timed drains that found the FIFO past its watermark (an edge did not come).", wideU(wakeups.missedEdges))
    body("lost_edges", "vigil_lost_edges_total", "Data-ready edges the kernel reported lost (libgpiod 2 sequence gaps).",
         wideU(wakeups.lostEdges))
    body("reprobes", "vigil_reprobes_total", "Sensor re-probes after it stopped answering.", wideU(faults.reprobes))
    body("lost_samples", "vigil_lost_samples_total",
         "Samples lost to overruns, outages and abandoned snapshots (estimated).", faults.lostSamples)
  }
}
