// The device program's entry point: `vigil probe | selftest | record | run`. The same code is built for
// the host (SwiftPM target `vigil`, what the umockdev tests run) and, in Embedded Swift, for the Pi
// (Boards/build). Exit status: 0 ok, 1 error or failed check, 64 usage.

import CVigilIO
import VigilCore
import VigilLinux
import VigilSensors

/// The version `vigil --version` prints.
public let vigilVersion: StaticString = "0.4.0"

/// Runs `vigil` with `argv`; returns the exit status.
public func vigilMain(argc: Int32, argv: UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
  let inv: Invocation
  do throws(UsageError) { inv = try Invocation.parse(argc: argc, argv: argv) } catch {
    var l = TextLine("vigil: ")
    if error.argument < Int(argc), let a = argv[error.argument] { l.put(escaping: cBytes(a)); l.put(": ") }
    l.put(error.reason.message)
    l.writeLine(to: StandardStream.error)
    var u = TextLine(usageText); u.writeLine(to: StandardStream.error)
    return 64
  }
  switch inv.command {
  case .help: var u = TextLine(usageText); u.writeLine(to: StandardStream.output); return 0
  case .version: var l = TextLine("vigil "); l.put(vigilVersion); l.writeLine(to: StandardStream.output); return 0
  default: break
  }
  guard let config = loadConfig(inv) else { return 1 }
  switch inv.command {
  case .probe: return probe(config)
  case .selftest: return selfTest(config, milliseconds: inv.milliseconds ?? 3000)
  case .record: return record(config, milliseconds: inv.milliseconds ?? 1000, output: inv.output ?? FixedPath("vigil.i16"))
  case .run: return run(config, limitMs: inv.milliseconds)
  case .help, .version: return 0
  }
}

nonisolated(unsafe) var configBytes = InlineArray<8192, UInt8>(repeating: unfoldedZero())

/// The config: `--config FILE`, else /etc/vigil/vigil.conf when it exists, else the defaults; then the
/// command line's overrides. nil after an error message.
func loadConfig(_ inv: Invocation) -> DeviceConfig? {
  let path = inv.config ?? FixedPath("/etc/vigil/vigil.conf")
  let n = withUnsafeMutablePointer(to: &configBytes) { p in
    p.withMemoryRebound(to: UInt8.self, capacity: 8192) { q in path.withCString { vigil_io_read_file($0, q, 8192) } }
  }
  var config = DeviceConfig()
  if n == -Int32(VIGIL_IO_ENOENT) && inv.config == nil {
    // No config file: the defaults (a Pi with an ADXL345 on the header).
  } else if n < 0 {
    if n == -Int32(VIGIL_IO_EFBIG) { var l = TextLine("Error: "); l.put(path); l.put(": larger than 8 KiB: not a vigil config file"); l.writeLine(to: StandardStream.error) }
    else { report(errno: n, doing: "cannot read the config", path) }
    return nil
  } else {
    do throws(ConfigFileError) {
      config = try withUnsafeMutablePointer(to: &configBytes) { (p) throws(ConfigFileError) -> DeviceConfig in
        try p.withMemoryRebound(to: UInt8.self, capacity: 8192) { (q) throws(ConfigFileError) -> DeviceConfig in
          try DeviceConfig.parse(UnsafeBufferPointer(start: q, count: Int(n)))
        }
      }
    } catch { report(error, file: path); return nil }
  }
  if let b = inv.bus { config.i2cBus = b }
  if let m = inv.model { config.model = m }
  return config
}

/// The 40-pin header's GPIO chip on the Raspberry Pi models, by label (their numbers differ between
/// models and kernels): Pi 5 (RP1), Pi 4 (BCM2711), Pi 3 / Zero / 1 / 2 (BCM2835 family); then gpiochip0.
let headerChipLabels: InlineArray<4, StaticString> = ["pinctrl-rp1", "pinctrl-bcm2711", "pinctrl-bcm2835", "gpiochip0"]

/// Opens the data-ready line of the config (by its chip label/name, or the header's chip).
func openLine(_ config: DeviceConfig) -> GPIOEdgeLine? {
  do throws(BusError) {
    return try openOnHeaderChip(config.interruptChip) { (c) throws(BusError) in
      try GPIOEdgeLine(chip: c, offset: UInt32(config.interruptLine), consumer: "vigil")
    }
  } catch {
    if !config.interruptChip.isEmpty { report(error, doing: "cannot open the data-ready line on", config.interruptChip); return nil }
    var l = TextLine("Error: cannot open the data-ready line (GPIO ")
    l.put(decimal: Int(config.interruptLine)); l.put(" on the 40-pin header's chip): "); l.put(error.message)
    l.put(" (set interrupt_chip in the config: gpioinfo lists the chips)")
    l.writeLine(to: StandardStream.error)
    return nil
  }
}

/// Opens the sensor's address on the config's bus (`combinedReads`: reads longer than 32 bytes as one
/// I2C_RDWR transaction, for parts that drain many FIFO bytes per read such as the MPU-6050).
func openBus(_ config: DeviceConfig, address: UInt8, combinedReads: Bool = false) -> LinuxI2CBus? {
  do throws(BusError) {
    return try config.i2cBus.withCString { (p) throws(BusError) in
      try LinuxI2CBus(path: p, address: address, combinedReads: combinedReads)
    }
  } catch { report(error, doing: "cannot open", config.i2cBus); return nil }
}

/// `vigil run`.
func run(_ config: DeviceConfig, limitMs: UInt32?) -> Int32 {
  guard let model = loadModel(config.model), modelFits(model, config: config, path: config.model) else { return 1 }
  do throws(ConfigError) { monitorStorage = try Monitor<1024>(model: model) } catch {
    var l = TextLine("Error: "); l.put(config.model); l.put(": "); l.put(error.message); l.writeLine(to: StandardStream.error)
    return 1
  }
  guard var bus = openBus(config, address: config.address, combinedReads: config.sensor == .mpu6050) else { return 1 }
  guard let line = openLine(config) else { bus.close(); return 1 }
  switch config.sensor {
  case .adxl345:
    guard let rate = ADXL345Rate(milliHertz: config.odrMilliHz), let range = ADXL345Range(g: Int(config.rangeG)) else {
      report("odr_hz is not an ADXL345 rate (6.25, 12.5, 25, 50, 100, 200, 400, 800, 1600, 3200)"); return 1
    }
    do throws(DriverError) {
      let d = try ADXL345Driver(bus: bus, configuration: ADXL345Configuration(rate: rate, range: range, watermark: 16,
                                                                              allowRateAboveI2CLimit: config.allowFastODR))
      return runLoop(driver: d, line: line, config: config, modelPath: config.model, limitMs: limitMs)
    } catch { report(error, bus: config.i2cBus, address: config.address); return 1 }
  case .lis3dh:
    guard let c = lis3dhConfiguration(config) else { return 1 }
    do throws(DriverError) {
      return runLoop(driver: try LIS3DHDriver(bus: bus, configuration: c), line: line, config: config, modelPath: config.model, limitMs: limitMs)
    } catch { report(error, bus: config.i2cBus, address: config.address); return 1 }
  case .mpu6050:
    guard let c = mpu6050Configuration(config) else { bus.close(); return 1 }
    return runLoop(driver: MPU6050Driver(bus: bus, configuration: c), line: line, config: config, modelPath: config.model, limitMs: limitMs)
  }
}

/// The MPU-6050 configuration for the config's rate and range; nil (after the message) when the config
/// names a rate or range the part does not have.
func mpu6050Configuration(_ config: DeviceConfig) -> MPU6050Configuration? {
  guard let rate = MPU6050Rate(milliHertz: config.odrMilliHz), let range = MPU6050Range(g: Int(config.rangeG)) else {
    report("odr_hz is not an MPU-6050 rate (4, 10, 20, 50, 100, 200, 500, 1000)"); return nil
  }
  return MPU6050Configuration(rate: rate, range: range)
}

/// `vigilMain` with a C name: the Pi build's `main` (Boards/device/main.c) calls it.
@_cdecl("vigil_device_main")
public func vigilMainC(_ argc: Int32, _ argv: UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
  vigilMain(argc: argc, argv: argv)
}
