// swift-tools-version: 6.1
// Vigil: on-machine predictive maintenance. See README.md for the layout.
import PackageDescription

// `EMBEDDED=1 swift build --triple aarch64-none-none-elf --target VigilCore` builds the core in Embedded
// Swift with -no-allocations (see Linker/check-embedded, which is what CI runs).
let embedded = Context.environment["EMBEDDED"] != nil
let coreSettings: [SwiftSetting] = embedded
  ? [.enableExperimentalFeature("Embedded"), .unsafeFlags(["-wmo", "-no-allocations", "-Osize"])]
  : []

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
    .target(name: "VigilCore", path: "Sources/VigilCore", exclude: ["Support/Tables.py"], swiftSettings: coreSettings),
    // Concrete instantiations of the core with a C ABI: what a firmware image links.
    .target(name: "VigilFirmware", dependencies: ["VigilCore"], path: "Sources/VigilFirmware",
            swiftSettings: coreSettings),
    // The device program's platform-independent part: configuration, (next) the run loop over the drivers.
    .target(name: "VigilDevice", path: "Sources/VigilDevice", swiftSettings: coreSettings),
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
    .testTarget(name: "VigilDeviceTests", dependencies: ["VigilDevice"], path: "Tests/VigilDeviceTests"),
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
