// The device's acquisition (driver → Monitor) run against an emulated part on the host: what
// `vigil-sim device` and the end-to-end tests run. The driver and acquisition are the device's code.

import Foundation
import VigilCore
import VigilSensors

/// How the emulated device samples the recording.
public enum DeviceSampling: Sendable, Equatable {
  /// One snapshot per segment, `every` seconds apart (each power-up measures the next segment).
  case snapshot(every: Double)
  /// Continuous measurement over the segments joined end to end.
  case continuous
}

/// What an emulated device run produced.
public struct DeviceRunResult {
  /// Every scored window, in order.
  public var windows: [WindowReport] = []
  /// The events the device would send.
  public var events: [AlertEvent] = []
  public var counters = AcquisitionCounters()
  /// The emulated part (trace, feed, FIFO statistics).
  public var emulator: SensorEmulator
}

/// A driver built from its part's configuration (every part's driver is).
public protocol ConfiguredDriver: AccelerometerDriver {
  associatedtype Configuration
  init(bus: Bus, configuration: Configuration) throws(DriverError)
}
extension ADXL345Driver: ConfiguredDriver {}
extension LIS3DHDriver: ConfiguredDriver {}
extension MPU6050Driver: ConfiguredDriver {}

/// A part's configuration as the host runs it end to end: the emulator that plays the part and the driver
/// the configuration configures.
public protocol EmulatedPart {
  associatedtype Emulator: SensorEmulator
  associatedtype Driver: ConfiguredDriver where Driver.Configuration == Self, Driver.Bus == EmulatedBus
}
extension ADXL345Configuration: EmulatedPart { public typealias Emulator = ADXL345Emulator; public typealias Driver = ADXL345Driver<EmulatedBus> }
extension LIS3DHConfiguration: EmulatedPart { public typealias Emulator = LIS3DHEmulator; public typealias Driver = LIS3DHDriver<EmulatedBus> }
extension MPU6050Configuration: EmulatedPart { public typealias Emulator = MPU6050Emulator; public typealias Driver = MPU6050Driver<EmulatedBus> }

/// Runs `segments` of `source` through the part `configuration` is for: its emulator, its driver so
/// configured and the acquisition into a monitor for `model`. The virtual clock starts at the first
/// segment's time so that snapshot timestamps equal a replay's. `maxReadLength` is the bus's longest read
/// (32: SMBus block reads; more: I2C_RDWR). `prepare` can adjust the emulator (faults) before the driver
/// starts.
public func runDevice<Part: EmulatedPart>(source: SensorSource, model: Model, segments: Range<Int>? = nil,
                                          sampling: DeviceSampling, configuration: Part, maxReadLength: Int = 32,
                                          prepare: (Part.Emulator) -> Void = { _ in }) throws -> DeviceRunResult {
  try runDevice(source: source, model: model, segments: segments, sampling: sampling, maxReadLength: maxReadLength,
                emulator: { Part.Emulator(feed: $0, startTime: $1) },
                driver: { (bus) throws(DriverError) in try Part.Driver(bus: bus, configuration: configuration) }, prepare: prepare)
}

/// Runs `segments` of `source` through the emulator `makeEmulator` builds (from the feed and the start
/// time), the driver `makeDriver` puts on its bus (reads of at most `maxReadLength` bytes) and the
/// acquisition into a monitor for `model`.
public func runDevice<Emulator: SensorEmulator, Driver: AccelerometerDriver>(
  source: SensorSource, model: Model, segments: Range<Int>?, sampling: DeviceSampling, maxReadLength: Int = 32,
  emulator makeEmulator: (SampleFeed, UInt64) -> Emulator, driver makeDriver: (EmulatedBus) throws(DriverError) -> Driver,
  prepare: (Emulator) -> Void
) throws -> DeviceRunResult where Driver.Bus == EmulatedBus {
  try checkCompatible(model, source)
  let range = segments ?? 0..<source.segmentCount
  guard !range.isEmpty else { throw SensorError("no segments to run") }
  let first = try source.segment(range.lowerBound)
  let start = UInt64(max(0, (first.time * 1e9).rounded()))
  let feed = SampleFeed(source: source, segments: range, policy: sampling == .continuous ? .continuous : .segmentPerPowerUp)
  let emulator = makeEmulator(feed, start)
  prepare(emulator)
  let mode: AcquisitionMode
  switch sampling {
  case .continuous: mode = .continuous
  case .snapshot(let every):
    guard every > 0, every.isFinite else { throw SensorError("snapshot period must be positive") }
    mode = .snapshot(frames: first.samples.count / max(1, source.axes), everyNanoseconds: UInt64((every * 1e9).rounded()))
  }
  let driver: Driver
  do { driver = try makeDriver(EmulatedBus(emulator, maxReadLength: maxReadLength)) } catch { throw SensorError(error.hostDescription) }
  var acquisition = Acquisition(driver: driver, line: EmulatedLine(emulator), mode: mode, axes: model.frontEnd.axes)
  let monitor = UnsafeMutablePointer<Monitor<4096>>.allocate(capacity: 1)
  monitor.initialize(to: try Monitor<4096>(model: model))
  defer { monitor.deinitialize(count: 1); monitor.deallocate() }
  var result = DeviceRunResult(emulator: emulator)
  do { try acquisition.start() } catch { throw SensorError(error.hostDescription) }
  // A bound on virtual time, so that no fault plan can loop forever: the recording's span plus a minute.
  let last = try source.segment(range.upperBound - 1)
  let limit = UInt64(max(0, (last.time - first.time + 60) * 1e9)) + start
      + UInt64(Double(range.count) * (sampling == .continuous ? Double(first.samples.count / max(1, source.axes)) / source.sampleRate : 0) * 1e9)
  do {
    try acquisition.run(monitor: &monitor.pointee, while: { !emulator.exhausted && emulator.now < limit }) { r in
      result.windows.append(copy r)
      if let e = r.event { result.events.append(e) }
    }
  } catch { throw SensorError(error.hostDescription) }
  acquisition.stop()
  result.counters = acquisition.counters
  return result
}

extension DriverError {
  /// The error as the host prints it, with the values the device cannot format (e.g. "ID 0x33, expected
  /// 0xE5 (ADXL345) — is this a LIS3DH?").
  public var hostDescription: String {
    switch self {
    case .wrongID(let part, let found):
      var s = String(format: "ID 0x%02X, expected 0x%02X (%@)", found, part.expectedID, "\(part.name)")
      if let other = SensorPart.withID(found), other != part { s += " — is this a \(other.name)?" }
      else if found == 0x00 || found == 0xFF { s += " — nothing answering properly (floating bus, wrong address?)" }
      return s
    case .implausibleStatus(let register, let value):
      return String(format: "register 0x%02X read 0x%02X: ", register, value) + "\(message)"
    default:
      return "\(message)"
    }
  }
}
