// vigil-sim: a progress bar on standard error.

import Foundation

/// A progress bar on standard error (only when it is a terminal).
final class ProgressBar {
  let total: Int, label: String
  let enabled = isatty(2) != 0
  var last = -1
  init(total: Int, label: String) { self.total = total; self.label = label }
  func update(_ done: Int) {
    guard enabled, total > 0 else { return }
    let pct = done * 100 / total
    if pct == last { return }
    last = pct
    let filled = pct * 30 / 100
    FileHandle.standardError.write("\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: 30 - filled))] \(pct)%".data(using: .utf8)!)
  }
  func finish() { if enabled { FileHandle.standardError.write("\n".data(using: .utf8)!) } }
}
