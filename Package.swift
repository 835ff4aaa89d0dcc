// swift-tools-version: 6.1
// Vigil: on-machine predictive maintenance. See README.md for the layout.
import Foundation
import PackageDescription

// Device modules (Linker/embedded-modules) in Embedded Swift: `EMBEDDED=1 swift build --triple
// aarch64-none-none-elf --target VigilCore` builds the core with the flags of Linker/embedded-swift-flags
// (-no-allocations, -O: the one recipe Linker/check-embedded and Boards/build use; CI runs check-embedded).
let embedded = Context.environment["EMBEDDED"] != nil
let deviceSettings: [SwiftSetting] = embedded
  ? [.unsafeFlags(embeddedSwiftFlags())]
  : []

/// The flags of Linker/embedded-swift-flags (comments dropped), split into arguments.
func embeddedSwiftFlags() -> [String] {
  let path = Context.packageDirectory + "/Linker/embedded-swift-flags"
  guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fatalError("cannot read \(path)") }
  return text.split(separator: "\n").flatMap { line in
    (line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").split(separator: " ").map(String.init)
  }
}

let package = Package(
  name: "Vigil",
  products: [
    .library(name: "VigilCore", targets: ["VigilCore"]),
    .library(name: "VigilHost", targets: ["VigilHost"]),
    .executable(name: "vigil-bench", targets: ["vigil-bench"]),
    .executable(name: "vigil-sim", targets: ["vigil-sim"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
  ],
  targets: [
    // The core: pure Swift, imports nothing, no allocation after init, fixed-point only.
    .target(name: "VigilCore", path: "Sources/VigilCore", exclude: ["Support/Tables.py"], swiftSettings: deviceSettings),
    // Concrete instantiations of the core with a C ABI: what a firmware image links.
    .target(name: "VigilFirmware", dependencies: ["VigilCore"], path: "Sources/VigilFirmware",
            exclude: ["include", "ErrorCodes.py"], swiftSettings: deviceSettings),
    // Desktop-only code (Foundation allowed): filter design, band layouts, recording readers.
    .target(name: "VigilHost", dependencies: ["VigilCore"], path: "HostSim/VigilHost"),
    // Thread-local malloc counter (interposes malloc & co.); linked only by tests and the benchmark.
    .target(name: "MallocCounter", path: "HostSim/MallocCounter"),
    // The host simulator's command line: train, replay, evaluate, report, inspect, demo.
    .executableTarget(name: "vigil-sim", dependencies: ["VigilCore", "VigilHost",
                                                        .product(name: "ArgumentParser", package: "swift-argument-parser")],
                      path: "HostSim/vigil-sim", exclude: ["Demo/make_sample.py"], resources: [.copy("Demo")]),
    .executableTarget(name: "vigil-bench", dependencies: ["VigilCore", "VigilHost", "MallocCounter"],
                      path: "Benchmarks/vigil-bench"),
    // Tests: one target per library target, and one support module they share (paths, real-data folder,
    // process runner, test signals).
    .target(name: "TestSupport", dependencies: ["VigilCore", "VigilHost"], path: "Tests/TestSupport"),
    .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore", "VigilHost", "MallocCounter", "TestSupport"],
                path: "Tests/VigilCoreTests"),
    .testTarget(name: "VigilHostTests", dependencies: ["VigilCore", "VigilHost", "TestSupport"],
                path: "Tests/VigilHostTests"),
    // Embedded builds, Boards/build, qemu parity and the C ABI.
    .testTarget(name: "VigilFirmwareTests", dependencies: ["VigilCore", "VigilHost", "TestSupport"],
                path: "Tests/VigilFirmwareTests"),
  ]
)
