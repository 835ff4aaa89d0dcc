// `vigil probe`: which supported sensor answers at which address of the bus, its ID, whether its
// data-ready line toggles, the bus clock (from sysfs when the device tree says) and the highest output
// data rate the bus sustains.

import CVigilIO
import VigilCore
import VigilLinux
import VigilSensors

/// Where each supported part can sit (address pin low, high).
let probeAddresses: InlineArray<6, (UInt8, SensorPart)> =
  [(0x53, .adxl345), (0x1D, .adxl345), (0x68, .mpu6050), (0x69, .mpu6050), (0x18, .lis3dh), (0x19, .lis3dh)]

nonisolated(unsafe) var sysfsBytes = InlineArray<64, UInt8>(repeating: unfoldedZero())

/// The adapter's clock in Hz from /sys/class/i2c-adapter/i2c-N/of_node/clock-frequency (a big-endian u32),
/// nil when the bus path is not /dev/i2c-N or the device tree does not say.
func busClockHz(_ bus: FixedPath) -> UInt32? {
  // "/dev/i2c-" then digits
  let prefix: StaticString = "/dev/i2c-"
  guard bus.count > prefix.utf8CodeUnitCount else { return nil }
  var path = TextLine("/sys/class/i2c-adapter/i2c-")
  var i = 0
  while i < prefix.utf8CodeUnitCount { if bus[i] != prefix.utf8Start[i] { return nil }; i &+= 1 }
  while i < bus.count { let c = bus[i]; guard c >= 48 && c <= 57 else { return nil }; path.put(byte: c); i &+= 1 }
  path.put("/of_node/clock-frequency")
  path.put(byte: 0)
  let n = path.withBytes { b in
    withUnsafeMutablePointer(to: &sysfsBytes) { p in
      p.withMemoryRebound(to: UInt8.self, capacity: 64) { q in
        b.withMemoryRebound(to: CChar.self) { vigil_io_read_file($0.baseAddress!, q, 64) }
      }
    }
  }
  guard n == 4 else { return nil }
  return UInt32(sysfsBytes[0]) &<< 24 | UInt32(sysfsBytes[1]) &<< 16 | UInt32(sysfsBytes[2]) &<< 8 | UInt32(sysfsBytes[3])
}

/// The highest rate (mHz) a part's FIFO drain leaves half the bus free for at `clockHz`: an N-byte
/// register read costs about 9(N+3)+3 clocks; ADXL345 pops one 6-byte frame per read, the LIS3DH reads 5
/// frames per 32-byte SMBus block read (its auto-increment burst), the MPU-6050 many frames per transaction
/// (counted at 64 frames).
func sustainableMilliHz(_ part: SensorPart, clockHz: UInt32) -> UInt64 {
  let clocksPerFrame: UInt64
  switch part {
  case .adxl345: clocksPerFrame = 9 * (6 + 3) + 3
  case .lis3dh: clocksPerFrame = (9 * (6 * 5 + 3) + 3) / 5 + 1
  case .mpu6050: clocksPerFrame = (9 * (6 * 64 + 3) + 3) / 64 + 1
  }
  return UInt64(_truncatingBits: UInt(clockHz)) &* 500 / clocksPerFrame
}

func probe(_ config: DeviceConfig) -> Int32 {
  var found = 0
  var header = TextLine("bus "); header.put(config.i2cBus)
  let clock = busClockHz(config.i2cBus)
  if let clock { header.put(": clock "); header.put(decimal: clock / 1000); header.put(" kHz (device tree)") }
  else { header.put(": clock unknown (no device-tree clock-frequency; the Pi default is 100 kHz, dtparam=i2c_arm_baudrate=400000 sets 400 kHz)") }
  header.writeLine(to: StandardStream.output)
  for i in probeAddresses.indices {
    let (address, part) = probeAddresses[i]
    var l = TextLine("  "); l.put(hex: address); l.put(" ")
    var bus: LinuxI2CBus
    do throws(BusError) {
      bus = try config.i2cBus.withCString { (p) throws(BusError) in try LinuxI2CBus(path: p, address: address) }
    } catch {
      report(error, doing: "cannot open", config.i2cBus)
      return 1
    }
    let id: UInt8
    do throws(BusError) { id = try bus.read(register: part.idRegister) } catch {
      if error == .noAcknowledge { l.put("no answer") } else { l.put("error: "); l.put(error.message) }
      l.writeLine(to: StandardStream.output)
      bus.close()
      continue
    }
    bus.close()
    if id == part.expectedID {
      found &+= 1
      l.put(part.name); l.put(" (ID register "); l.put(hex: part.idRegister); l.put(" = "); l.put(hex: id); l.put(")")
      let rate = sustainableMilliHz(part, clockHz: clock ?? 100_000)
      l.put("; highest ODR over this bus ~"); l.put(decimal: rate / 1000); l.put(" Hz")
      if part == .adxl345 { l.put(" (datasheet advice over I2C: 800 Hz)") }
      if clock == nil { l.put(" at 100 kHz") }
    } else {
      l.put("answers, ID register "); l.put(hex: part.idRegister); l.put(" = "); l.put(hex: id)
      l.put(" (not a "); l.put(part.name); l.put(")")
    }
    l.writeLine(to: StandardStream.output)
  }
  if found == 0 {
    report("no supported sensor answers on this bus (check wiring, power and `i2cdetect -y 1`)")
    return 1
  }
  return probeLine(config)
}

/// Starts the configured sensor for up to a second and reports whether its data-ready line toggles.
func probeLine(_ config: DeviceConfig) -> Int32 {
  switch config.sensor {
  case .adxl345:
    return exerciseLine(config, what: ": no edge within 1 s (check the INT1 wire; vigil still drains on a timer without it)") {
      (bus) throws(DriverError) in try ADXL345Driver(bus: bus, configuration: ADXL345Configuration())
    }
  case .mpu6050:
    // Its INT pin rises on FIFO overflow only (170 samples: 171 ms at 1 kHz), so one edge is expected.
    return exerciseLine(config, what: ": no FIFO-overflow edge within 1 s (check the INT wire; vigil drains on a timer without it)") {
      (bus) throws(DriverError) in MPU6050Driver(bus: bus, configuration: MPU6050Configuration())
    }
  case .lis3dh:
    return exerciseLine(config, what: ": no edge within 1 s (check the INT1 wire; vigil still drains on a timer without it)") {
      (bus) throws(DriverError) in try LIS3DHDriver(bus: bus, configuration: LIS3DHConfiguration())
    }
  }
}

func lineNotExercised(_ config: DeviceConfig) -> Int32 {
  var l = TextLine("data-ready line: GPIO "); l.put(decimal: Int(config.interruptLine)); l.put(" opened (not exercised for this sensor)")
  l.writeLine(to: StandardStream.output)
  return 0
}

/// Starts the driver `make` puts on the bus and waits up to a second for an edge on the data-ready line;
/// `missing` ends the line printed when none comes.
func exerciseLine<D: AccelerometerDriver>(_ config: DeviceConfig, what missing: StaticString,
                                          make: (LinuxI2CBus) throws(DriverError) -> D) -> Int32 where D.Bus == LinuxI2CBus {
  guard var line = openLine(config) else { return 1 }
  defer { line.close() }
  guard var bus = openBus(config, address: config.address) else { return lineNotExercised(config) }
  do throws(DriverError) {
    var d = try make(bus)
    try d.probe(); try d.configure(); try d.start()
    let t0 = line.now()
    var l = TextLine("data-ready line: GPIO "); l.put(decimal: Int(config.interruptLine))
    let w: EdgeWait
    do throws(BusError) { w = try line.waitForEdge(timeoutNanoseconds: 1_000_000_000) } catch { w = .timeout }
    if case .edge(let t) = w {
      l.put(": toggles (first edge after "); l.put(decimal: t > t0 ? (t &- t0) / 1_000_000 : 0); l.put(" ms)")
    } else {
      l.put(missing)
    }
    l.writeLine(to: StandardStream.output)
    try d.stop()
    bus = d.bus
  } catch { report(error, bus: config.i2cBus, address: config.address) }
  bus.close()
  return 0
}
