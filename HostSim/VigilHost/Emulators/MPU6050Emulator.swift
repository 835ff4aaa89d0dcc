// A register-level MPU-6050 accelerometer (Register Map Rev. 4.2, Product Specification Rev. 3.4): the
// register file with its reset values (PWR_MGMT_1 = 0x40: asleep; WHO_AM_I = 0x68; factory self-test trims)
// and writable bits, SMPLRT_DIV / DLPF_CFG / AFS_SEL / FIFO_EN / USER_CTRL / PWR_MGMT_1 decoding, the
// 1024-byte FIFO filled with 6-byte accelerometer samples at the sample rate (when full the oldest bytes
// are dropped, so the FIFO loses its sample alignment, and FIFO_OFLOW_INT is set), INT_STATUS cleared by
// reading it, the INT pin (latched mode: high while an enabled status bit is set; INT_LEVEL inverts),
// FIFO_R_W popping bytes in a burst, and the self-test force (the factory trim at ±8 g). Samples come from
// a SampleFeed at the feed's counts per g, rescaled to the configured range (saturating at 16 bits).

import Foundation
import VigilSensors

public final class MPU6050Emulator: SensorEmulator {
  typealias R = MPU6050Registers
  /// Factory A_TEST codes of this emulated part (X, Y, Z): SELF_TEST_X/Y/Z/A are set from them at reset.
  public static let trimCodes: (x: UInt8, y: UInt8, z: UInt8) = (17, 14, 21)

  var fifo: [UInt8] = []
  var latest: (Int16, Int16, Int16) = (0, 0, 0)
  var status: UInt8 = 0

  public override func powerOnReset() {
    registers = [UInt8](repeating: 0, count: 256)
    registers[Int(R.powerManagement1)] = R.powerSleep
    registers[Int(R.whoAmI)] = R.whoAmIValue
    let c = Self.trimCodes
    registers[Int(R.selfTestX)] = (c.x >> 2) << 5 | 0x0C          // XA_TEST[4:2] | a gyro trim
    registers[Int(R.selfTestY)] = (c.y >> 2) << 5 | 0x0D
    registers[Int(R.selfTestZ)] = (c.z >> 2) << 5 | 0x0E
    registers[Int(R.selfTestA)] = (c.x & 3) << 4 | (c.y & 3) << 2 | c.z & 3
    fifo = []; status = 0
    powerLost()
  }

  public override func powerLost() {
    endMeasuring()
    fifo = []
  }

  var dlpf: UInt8 { registers[Int(R.config)] & 0x07 }
  /// Sample period: (1 + SMPLRT_DIV) / gyroscope output rate (1 kHz with the DLPF on, 8 kHz off).
  var period: UInt64 {
    let gyroRate: UInt64 = dlpf == 0 || dlpf == 7 ? 8000 : 1000
    return (UInt64(registers[Int(R.smplrtDiv)]) + 1) * 1_000_000_000 / gyroRate
  }
  var range: MPU6050Range { MPU6050Range(rawValue: (registers[Int(R.accelConfig)] >> 3) & 3)! }
  var fifoRunning: Bool {
    registers[Int(R.userControl)] & R.userFIFOEnable != 0 && registers[Int(R.fifoEnable)] & R.fifoEnableAccel != 0
  }
  /// The configured sample rate (Hz).
  public var outputRate: Double { 1e9 / Double(period) }
  /// Bytes in the FIFO.
  public var fifoCount: Int { fifo.count }

  public override var samplePeriod: UInt64 { period }

  /// The self-test force per axis in counts at the configured range (the factory trim at ±8 g, scaled).
  public var selfTestForce: (x: Int32, y: Int32, z: Int32) {
    let c = MPU6050FactoryTrim.codes(x: registers[Int(R.selfTestX)], y: registers[Int(R.selfTestY)],
                                     z: registers[Int(R.selfTestZ)], a: registers[Int(R.selfTestA)])
    let scale = range.countsPerG
    return (MPU6050FactoryTrim.counts(code: c.x) * scale / 4096, MPU6050FactoryTrim.counts(code: c.y) * scale / 4096,
            MPU6050FactoryTrim.counts(code: c.z) * scale / 4096)
  }

  public override func sample() {
    samplesTaken += 1
    guard let f = (try? feed.next()) ?? nil else { return }
    let scale = Int32(range.countsPerG), feedScale = Int32(max(1, feed.countsPerG))
    var v = [f.0, f.1, f.2].map { Int32($0) * scale / feedScale }
    let st = registers[Int(R.accelConfig)] & R.accelSelfTestXYZ
    if st != 0 && !faults.selfTestBroken {
      let force = selfTestForce
      if st & 0x80 != 0 { v[0] += force.x }
      if st & 0x40 != 0 { v[1] += force.y }
      if st & 0x20 != 0 { v[2] += force.z }
    }
    let s = v.map { Int16(clamping: $0) }
    latest = (s[0], s[1], s[2])
    status |= R.intDataReady
    if fifoRunning {
      for x in s { fifo.append(UInt8(UInt16(bitPattern: x) >> 8)); fifo.append(UInt8(UInt16(bitPattern: x) & 0xFF)) }
      if fifo.count > R.fifoBytes {
        fifo.removeFirst(fifo.count - R.fifoBytes)
        overwritten += 1
        status |= R.intFIFOOverflow
      }
    }
  }

  public override var interruptLevel: Bool {
    let active = status & registers[Int(R.intEnable)] != 0
    return registers[Int(R.intPinConfig)] & R.intPinActiveLow != 0 ? !active : active
  }

  /// Writable bits per register (0: read-only or reserved; writes there are ignored).
  static let writeMask: [UInt8] = {
    var m = [UInt8](repeating: 0, count: 256)
    for r in 0x0D...0x10 { m[r] = 0xFF }
    m[0x10] = 0x3F
    m[Int(R.smplrtDiv)] = 0xFF; m[Int(R.config)] = 0x3F; m[0x1B] = 0xF8; m[Int(R.accelConfig)] = 0xF8
    for r in 0x1F...0x36 { m[r] = 0xFF }
    m[Int(R.intPinConfig)] = 0xFE; m[Int(R.intEnable)] = 0x19
    for r in 0x63...0x67 { m[r] = 0xFF }
    m[0x68] = 0x07; m[0x69] = 0x3F
    m[Int(R.userControl)] = 0x77; m[Int(R.powerManagement1)] = 0xEF; m[Int(R.powerManagement2)] = 0xFF
    m[Int(R.fifoReadWrite)] = 0xFF
    return m
  }()

  public override func writeRegister(_ register: UInt8, _ value: UInt8) {
    guard let old = store(register, value, mask: Self.writeMask) else { return }
    switch register {
    case R.powerManagement1:
      if value & R.powerDeviceReset != 0 { powerOnReset(); return }
      let wasAwake = old & R.powerSleep == 0, awake = value & R.powerSleep == 0
      if awake && !wasAwake { beginMeasuring() } else if !awake && wasAwake { endMeasuring() }
    case R.userControl:
      // FIFO_RESET empties the FIFO while FIFO_EN is 0, and clears itself.
      if value & R.userFIFOReset != 0 {
        if value & R.userFIFOEnable == 0 { fifo = [] }
        registers[Int(register)] &= ~R.userFIFOReset
      }
    case R.fifoReadWrite:
      if fifo.count < R.fifoBytes { fifo.append(value) }
    default: break
    }
  }

  public override func readRegisters(_ register: UInt8, count: Int) -> [UInt8] {
    if register == R.fifoReadWrite {
      // A burst read of FIFO_R_W keeps popping the FIFO; an empty FIFO reads 0xFF.
      let n = min(count, fifo.count)
      var out = Array(fifo.prefix(n))
      fifo.removeFirst(n)
      out += [UInt8](repeating: 0xFF, count: count - n)
      return out
    }
    var out = [UInt8](repeating: 0, count: count)
    var readStatus = false
    for i in 0..<count {
      let r = Int(register) + i
      guard r < 256 else { break }
      switch UInt8(r) {
      case R.whoAmI: out[i] = faults.wrongID ?? R.whoAmIValue
      case R.intStatus: out[i] = status; readStatus = true
      case R.fifoCountH: out[i] = UInt8(fifo.count >> 8)
      case R.fifoCountL: out[i] = UInt8(fifo.count & 0xFF)
      case R.accelXOutH...(R.accelXOutH + 5):
        let axis = (r - Int(R.accelXOutH)) / 2
        let v = UInt16(bitPattern: [latest.0, latest.1, latest.2][axis])
        out[i] = (r - Int(R.accelXOutH)) % 2 == 0 ? UInt8(v >> 8) : UInt8(v & 0xFF)
      default: out[i] = registers[r]
      }
    }
    if readStatus { status = 0 }                   // INT_RD_CLEAR = 0: reading INT_STATUS clears it
    return out
  }
}
