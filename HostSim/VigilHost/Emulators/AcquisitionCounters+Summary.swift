// The acquisition's counters as one line of text for the host tools (`vigil-sim device`, vigil-umockdev).

import Foundation
import VigilSensors

extension AcquisitionCounters {
  /// Every counter, as "name value" pairs: the progress and wake-up counters, then the ones the device
  /// reports (`forEachReported`, `_` read as a space).
  public var summary: String {
    var parts = ["windows \(windows)", "segments \(segments)", "snapshots \(snapshots)", "edges \(wakeups.edges)",
                 "timed drains \(wakeups.timedDrains)"]
    forEachReported { key, _, _, value in
      parts.append("\(key.description.replacingOccurrences(of: "_", with: " ")) \(value)")
    }
    return parts.joined(separator: ", ")
  }
}
