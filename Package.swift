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

// The umockdev harness (real libi2c / libgpiod against emulated /dev/i2c-1 and /dev/gpiochip0; see
// HostSim/vigil-umockdev) is built only where libumockdev-dev is installed; its tests skip otherwise.
let hasUmockdev = FileManager.default.fileExists(atPath: "/usr/include/umockdev-1.0/umockdev.h")

/// The flags of Linker/embedded-swift-flags (comments dropped), split into arguments.
func embeddedSwiftFlags() -> [String] {
  let path = Context.packageDirectory + "/Linker/embedded-swift-flags"
  guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fatalError("cannot read \(path)") }
  return text.split(separator: "\n").flatMap { line in
    (line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").split(separator: " ").map(String.init)
  }
}

// The host build's x86-64 baseline: x86-64-v3 (AVX2, BMI2, FMA; what RHEL 10 requires) by default, so the
// core's 32 × 32 → 64-bit products vectorise (baseline x86-64 SSE2 has no such vector multiply). Measured
// in README "Speed"; results are bit-identical (HostBaselineTests, the golden vectors, the qemu parity).
// `VIGIL_HOST_CPU=x86-64-v2 swift build` for an older host (RHEL 9), `VIGIL_HOST_CPU=x86-64` for the
// plain baseline, `VIGIL_HOST_CPU=none` for no flag (cross builds). `-Xcc -march` sets Swift's code
// generation too (swiftc's own -target-cpu does not accept the x86-64-vN names). Only for host builds on
// x86_64: the Embedded builds (EMBEDDED=1, Linker/embedded-objects, Boards/build) are untouched.
#if arch(x86_64)
let hostCPU = embedded ? "none" : (Context.environment["VIGIL_HOST_CPU"] ?? "x86-64-v3")
#else
let hostCPU = "none"
#endif
let hostSwift: [SwiftSetting] = hostCPU == "none" ? []
  : [.unsafeFlags(["-Xcc", "-march=\(hostCPU)"]), .define("VIGIL_HOST_CPU_\(hostCPU.split(separator: "-").joined(separator: "_"))")]
let hostC: [CSetting] = hostCPU == "none" ? [] : [.unsafeFlags(["-march=\(hostCPU)"])]

let package = Package(
  name: "Vigil",
  products: [
    .library(name: "VigilCore", targets: ["VigilCore"]),
    .library(name: "VigilSensors", targets: ["VigilSensors"]),
    .library(name: "VigilHost", targets: ["VigilHost"]),
    .executable(name: "vigil-bench", targets: ["vigil-bench"]),
    .executable(name: "vigil-sim", targets: ["vigil-sim"]),
    .executable(name: "vigil", targets: ["vigil"]),
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
    // Desktop-only code (Foundation allowed): filter design, band layouts, recording readers, register emulators.
    .target(name: "VigilHost", dependencies: ["VigilCore", "VigilSensors"], path: "HostSim/VigilHost"),
    // Thread-local malloc counter (interposes malloc & co.); linked only by tests and the benchmark.
    .target(name: "MallocCounter", path: "HostSim/MallocCounter"),
    // The host simulator's command line: train, replay, evaluate, report, inspect, demo.
    .executableTarget(name: "vigil-sim", dependencies: ["VigilCore", "VigilSensors", "VigilHost",
                                                        .product(name: "ArgumentParser", package: "swift-argument-parser")],
                      path: "HostSim/vigil-sim", exclude: ["Demo/make_sample.py"], resources: [.copy("Demo")]),
    .executableTarget(name: "vigil-bench", dependencies: ["VigilCore", "VigilHost", "MallocCounter"],
                      path: "Benchmarks/vigil-bench"),
    // Sensor drivers (ADXL345, ...) and the acquisition step, generic over (RegisterBus, DataReadyLine,
    // BusError): device code under the core's rules (no allocation, Embedded-clean).
    .target(name: "VigilSensors", dependencies: ["VigilCore"], path: "Sources/VigilSensors", swiftSettings: deviceSettings),
    // Linux I2C / GPIO / timerfd / signalfd: a C shim over libi2c and libgpiod (v1), and its Swift side.
    .target(name: "CVigilLinux", path: "Sources/CVigilLinux",
            linkerSettings: [.linkedLibrary("i2c"), .linkedLibrary("gpiod")]),
    .target(name: "VigilLinux", dependencies: ["VigilSensors", "CVigilLinux"], path: "Sources/VigilLinux"),
    // Plain POSIX file I/O for the device program (model, config, recordings, standard output).
    .target(name: "CVigilIO", path: "Sources/CVigilIO"),
    // The transport's C side: libmosquitto (MQTT from the device's one loop) and the outbox's file calls.
    .target(name: "CVigilTransport", path: "Sources/CVigilTransport", linkerSettings: [.linkedLibrary("mosquitto")]),
    // The device program `vigil` (probe, selftest, record, run): config file, commands and the one ppoll
    // loop over VigilLinux + VigilSensors + the core. Sources/vigil is its host entry point.
    .target(name: "VigilDevice", dependencies: ["VigilCore", "VigilSensors", "VigilLinux", "CVigilIO", "CVigilTransport"],
            path: "Sources/VigilDevice", swiftSettings: deviceSettings),
    .executableTarget(name: "vigil", dependencies: ["VigilDevice"], path: "Sources/vigil"),
    .testTarget(name: "VigilLinuxTests",
                dependencies: ["VigilLinux", "VigilSensors", "VigilCore", "VigilHost", "TestSupport"] + (hasUmockdev ? ["vigil-umockdev"] : []),
                path: "Tests/VigilLinuxTests"),
    .testTarget(name: "VigilDeviceTests", dependencies: ["VigilDevice", "VigilSensors", "TestSupport"], path: "Tests/VigilDeviceTests"),
    // Tests: one target per library target, and one support module they share (paths, real-data folder,
    // process runner, test signals).
    .target(name: "TestSupport", dependencies: ["VigilCore", "VigilHost"], path: "Tests/TestSupport"),
    .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore", "VigilHost", "MallocCounter", "TestSupport"],
                path: "Tests/VigilCoreTests"),
    .testTarget(name: "VigilSensorsTests", dependencies: ["VigilSensors", "VigilCore", "VigilHost", "MallocCounter", "TestSupport"],
                path: "Tests/VigilSensorsTests"),
    .testTarget(name: "VigilHostTests", dependencies: ["VigilCore", "VigilHost", "TestSupport"],
                path: "Tests/VigilHostTests"),
    // Embedded builds, Boards/build, qemu parity and the C ABI.
    .testTarget(name: "VigilFirmwareTests", dependencies: ["VigilCore", "VigilHost", "TestSupport"],
                path: "Tests/VigilFirmwareTests"),
  ]
)

if hasUmockdev {
  package.targets += [
    .systemLibrary(name: "CUmockdev", path: "HostSim/CUmockdev", pkgConfig: "umockdev-1.0"),
    // C glue: the testbed, /dev/i2c-1 and /dev/gpiochip0 nodes and their ioctl handlers.
    .target(name: "UmockdevHarness", dependencies: ["CUmockdev"], path: "HostSim/UmockdevHarness"),
    // Runs under umockdev-wrapper: scenarios through VigilLinux → real libi2c / libgpiod → the emulated bus.
    .executableTarget(name: "vigil-umockdev", dependencies: ["VigilLinux", "VigilSensors", "VigilCore", "VigilHost", "VigilDevice", "UmockdevHarness", "MallocCounter"],
                      path: "HostSim/vigil-umockdev"),
  ]
}

// The host baseline on every compiled target (C targets: -march; the system library has no settings).
let cTargets: Set<String> = ["MallocCounter", "CVigilLinux", "CVigilTransport", "UmockdevHarness"]
for target in package.targets where target.type != .system {
  if cTargets.contains(target.name) { target.cSettings = (target.cSettings ?? []) + hostC }
  else { target.swiftSettings = (target.swiftSettings ?? []) + hostSwift }
}
