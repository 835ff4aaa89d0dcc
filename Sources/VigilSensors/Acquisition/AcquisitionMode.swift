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

/// How an acquisition samples.
public enum AcquisitionMode: Sendable, Equatable {
  /// Measure all the time.
  case continuous
  /// Measure `frames` frames, stand by, and start the next snapshot `everyNanoseconds` after the previous
  /// one started (each snapshot its own segment): how snapshot recordings such as PRONOSTIA (0.1 s every
  /// 10 s) are taken, and a power-saving mode.
  case snapshot(frames: Int, everyNanoseconds: UInt64)
}
