// The LIS3DH driver against the register-level emulator: the auto-increment burst drain, the checks it
// makes, and its self-test (the register sequence from the datasheet and what every part's driver does
// alike: DriverTests).

import Testing
import VigilCore
import VigilHost
import VigilSensors

@Suite("LIS3DH driver")
struct LIS3DHDriverTests {
  @Test("started with the default configuration: high resolution at ±16 g (the sequence: DriverTests.registerSequence)")
  func startedMode() throws {
    let emu: LIS3DHEmulator = try emulator(.lis3dh)
    var driver = try LIS3DHDriver(bus: EmulatedBus(emu), configuration: LIS3DHConfiguration(rate: .hz1344, range: .g16, watermark: 16))
    try start(&driver, on: emu, running: 0)
    #expect(emu.measuring && emu.outputRate == 1344 && emu.mode == .highResolution && emu.range == .g16)
  }

  @Test("a drain is one FIFO_SRC_REG read and auto-increment bursts from 0xA8 (5 frames per 32-byte read; one I2C_RDWR read)")
  func burstDrain() throws {
    for (maxRead, reads) in [(32, [30, 30, 30, 6]), (8192, [96])] {
      let emu: LIS3DHEmulator = try emulator(.lis3dh)
      emu.busClockHertz = 0                                                       // transactions take no virtual time
      var driver = try LIS3DHDriver(bus: EmulatedBus(emu, maxReadLength: maxRead))
      try start(&driver, on: emu, running: 16 * 744_048 + 1000)                  // 16 samples at 1344 Hz
      #expect(emu.fifoCount == 16)
      let (d, out) = drainTraced(&driver, on: emu)
      #expect(d.frames == 16 && d.remaining == 0 && !d.overrun && d.error == nil)
      #expect(emu.trace == [.read(register: 0x2F, count: 1)] + reads.map { .read(register: 0xA8, count: $0) }, "\(emu.trace)")
      // The counts a replay with --sensor lis3dh@1344:16 pushes: the feed's first 16 frames, untouched.
      let reference = SampleFeed(source: try lis3dhSource(seconds: 4), policy: .continuous)
      try reference.startMeasuring(idleFrames: 0)
      var expected: [Int16] = []
      for _ in 0..<16 { let f = try reference.next()!; expected += [f.0, f.1, f.2] }
      #expect(Array(out.prefix(48)) == expected)
      #expect(emu.fifoCount == 0)
    }
  }

  @Test("the emulated part honours the sub-address rule: without bit 7 every byte is the same register")
  func autoIncrementRule() throws {
    let emu: LIS3DHEmulator = try emulator(.lis3dh)
    emu.registers[0x20] = 0x55
    #expect(emu.readRegisters(0x20, count: 3) == [0x55, 0x55, 0x55])
    #expect(emu.readRegisters(0x20 | 0x80, count: 3) == [0x55, 0x00, 0x00])         // CTRL_REG1, 2, 3
    #expect(emu.readRegisters(0x0F | 0x80, count: 1) == [0x33])
  }

  @Test("the watermark must be 1 ... 31")
  func watermark() throws {
    let emu: LIS3DHEmulator = try emulator(.lis3dh)
    for w: UInt8 in [0, 32] {
      #expect(throws: DriverError.watermarkOutOfRange) { _ = try LIS3DHDriver(bus: EmulatedBus(emu), configuration: LIS3DHConfiguration(watermark: w)) }
    }
    #expect(try LIS3DHDriver(bus: EmulatedBus(emu), configuration: LIS3DHConfiguration(watermark: 31)).watermarkFrames == 31)
  }

  @Test("self-test at rest: the change equals the emulated force in normal-mode LSb and passes 17…360 LSb")
  func selfTest() throws {
    let emu: LIS3DHEmulator = try emulator(.lis3dh, rest: true)
    let r = try DriverPart.lis3dh.selfTest(on: emu, probe: true)()
    let f = LIS3DHEmulator.selfTestForceMilliG                                    // 4 mg/LSb at ±2 g, 10-bit
    #expect(r.delta == Axes(x: Int32(f.x / 4), y: Int32(f.y / 4), z: Int32(f.z / 4)), "\(r)")
    #expect(r.minimum == Axes(x: 17, y: 17, z: 17) && r.maximum == Axes(x: 360, y: 360, z: 360))
    #expect(r.passed)
    #expect(emu.registers[0x23] == 0xB8 && emu.registers[0x20] == 0x07 && !emu.measuring, "configuration restored, powered down")
    // The self-test ran in normal mode at ±2 g, 100 Hz, with ST = 01.
    #expect(emu.trace.contains(.write(register: 0x23, value: 0x82)) && emu.trace.contains(.write(register: 0x20, value: 0x57)))
    // A dead self-test force fails: DriverTests.selfTestBroken.
  }

  @Test("the emulator's output registers round-trip through the decoder in every mode and range (saturating at the width)")
  func formats() throws {
    let emu: LIS3DHEmulator = try emulator(.lis3dh)                                                      // feed: ±16 g high resolution, 12 mg/count
    for (lp, hr, mode) in [(false, true, LIS3DHMode.highResolution), (false, false, .normal), (true, false, .lowPower)] {
      for range in [LIS3DHRange.g2, .g4, .g8, .g16] {
        emu.registers[0x20] = lp ? 0x08 : 0
        emu.registers[0x23] = range.rawValue << 4 | (hr ? 0x08 : 0)
        #expect(emu.mode == mode && emu.range == range)
        for v: Int16 in [0, 1, -1, 83, -83, 100, -100, 1000, -1000, 2047, -2048] {
          let raw = emu.encode(v)
          #expect(raw & UInt16((1 << (16 - mode.bits)) - 1) == 0, "left-justified: the low bits read 0")
          let decoded = LIS3DHDecoder.decode(low: UInt8(raw & 0xFF), high: UInt8(raw >> 8), bits: mode.bits)
          let digit = Double(range.highResolutionMilliGPerDigit * mode.digitScale)
          let hi = 1 << (mode.bits - 1)
          let want = max(-hi, min(hi - 1, Int((Double(v) * 12 / digit).rounded())))
          #expect(Int(decoded) == want, "\(mode) ±\(range.g) g: \(v)")
        }
      }
    }
  }
}
