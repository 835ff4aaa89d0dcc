// Shared by every test target: the package's folders, the real-data folder, the cross toolchain check, the
// one process runner and temporary files. (The one seeded generator is VigilHost's `SeededGenerator`.)

import Foundation

public enum Paths {
  /// The package root (…/Tests/TestSupport/Support.swift → …).
  public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  public static let golden = root.appendingPathComponent("Tests/Golden")
}

/// The real recordings (../shared/data, unpacked), or nil when ../shared is absent (a fresh clone).
public enum RealData {
  public static let folder: URL? = {
    if let v = ProcessInfo.processInfo.environment["VIGIL_DATA"], FileManager.default.fileExists(atPath: v + "/pronostia") {
      return URL(fileURLWithPath: v)
    }
    let unpack = Paths.root.deletingLastPathComponent().appendingPathComponent("shared/data/unpack")
    guard FileManager.default.isExecutableFile(atPath: unpack.path),
          let (status, out, _) = try? run(["bash", unpack.path]), status == 0 else { return nil }
    return URL(fileURLWithPath: out.trimmingCharacters(in: .whitespacesAndNewlines))
  }()
  public static var available: Bool { folder != nil }
  public static let skipMessage = "real recordings not found: ../shared/data/unpack is absent (fresh clone) — skipped"
}

/// The ARM cross compilers and qemu-user that Boards/build and the parity tests need.
public enum CrossTools {
  public static func which(_ tool: String) -> Bool {
    (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").contains {
      FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
    }
  }
  public static let available = ["aarch64-linux-gnu-gcc", "arm-linux-gnueabihf-gcc", "qemu-aarch64-static", "qemu-arm-static"].allSatisfy(which)
  public static let skipMessage = "ARM cross compilers / qemu-user-static not installed (see README prerequisites; .ci/run installs them) — skipped"
}

/// Runs a command found on PATH (`args[0]`) with extra environment variables and an optional stdin file;
/// returns (status, stdout, stderr).
public func run(_ args: [String], stdin: URL? = nil, env: [String: String] = [:]) throws -> (Int32, String, String) {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  p.arguments = args
  if !env.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 } }
  // stdout through a pipe, stderr into a file: a child that fills both cannot block on either.
  let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-run-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).err")
  guard FileManager.default.createFile(atPath: errURL.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
  defer { try? FileManager.default.removeItem(at: errURL) }
  let out = Pipe(), err = try FileHandle(forWritingTo: errURL)
  defer { try? err.close() }
  p.standardOutput = out; p.standardError = err
  if let stdin { p.standardInput = try FileHandle(forReadingFrom: stdin) }
  try p.run()
  let o = out.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  let e = (try? Data(contentsOf: errURL)) ?? Data()
  return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

/// A file `name` holding `bytes` in this process's temporary folder.
public func temp(_ name: String, _ bytes: [UInt8]) -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-tests-\(getpid())")
  try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  let url = dir.appendingPathComponent(name)
  _ = FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
  return url
}
