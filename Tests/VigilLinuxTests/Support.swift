// Helpers shared by the VigilLinux tests.

import Foundation

enum Paths {
  /// The package root (…/Tests/VigilLinuxTests/Support.swift → …).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
}

/// Runs `executable` with `arguments`; returns its exit status and its output (stdout and stderr together).
func runProcess(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: executable)
  p.arguments = arguments
  let pipe = Pipe()
  p.standardOutput = pipe
  p.standardError = pipe
  try p.run()
  let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  p.waitUntilExit()
  return (p.terminationStatus, out)
}
