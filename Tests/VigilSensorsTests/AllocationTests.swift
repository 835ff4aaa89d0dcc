// No heap allocation per FIFO drain in steady state: the ADXL345 and LIS3DH drivers (one read per entry;
// auto-increment burst reads), the acquisition step and the monitor behind it, over a bus and a line that
// themselves allocate nothing (the emulators do, by design).

import MallocCounter
import Testing
import VigilCore
import VigilHost
import VigilSensors

/// A part with a FIFO watermark (ADXL345, LIS3DH) that always has 16 entries of a changing signal, answered
/// from registers in place: its ID at its identity register, `status` at its FIFO status register, and the
/// signal, little-endian, at its data register.
struct CannedFIFOBus: RegisterBus {
  var maxReadLength: Int { 32 }
  let identity: (register: UInt8, value: UInt8), status: (register: UInt8, value: UInt8), data: UInt8
  /// The signal's period in counts and its left shift (left-justified parts).
  let period: Int32, shift: Int32
  var k: Int32 = 0
  mutating func write(register: UInt8, value: UInt8) throws(BusError) {}
  mutating func read(register: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>) throws(BusError) {
    if register == identity.register { buffer[0] = identity.value }
    else if register == status.register { buffer[0] = status.value }
    else if register == data { fillSignal(buffer, k: &k, period: period, shift: shift) }
    else { buffer[0] = 0 }
  }
}

/// The ADXL345 canned: DEVID 0xE5, FIFO_STATUS 16 entries, DATAX0… right-justified counts.
func cannedADXL345Bus() -> CannedFIFOBus {
  CannedFIFOBus(identity: (ADXL345Registers.devid, 0xE5), status: (ADXL345Registers.fifoStatus, 16), data: ADXL345Registers.dataX0,
                period: 1024, shift: 0)
}

/// Fills `buffer` with two-byte samples of a changing signal: sample k is ((37·k) mod `period`) − `period`/2,
/// shifted left by `shift`, little-endian (or big-endian).
func fillSignal(_ buffer: UnsafeMutableBufferPointer<UInt8>, k: inout Int32, period: Int32, shift: Int32, bigEndian: Bool = false) {
  var i = 0
  while i + 1 < buffer.count {
    k &+= 1
    let v = UInt16(bitPattern: Int16(truncatingIfNeeded: ((k &* 37) % period &- period / 2) &<< shift))
    buffer[i] = bigEndian ? UInt8(v >> 8) : UInt8(v & 0xFF); buffer[i + 1] = bigEndian ? UInt8(v & 0xFF) : UInt8(v >> 8)
    i += 2
  }
}

/// A line with an edge every `step` ns (20 ms: 16 samples at 800 Hz).
struct TickingLine: DataReadyLine {
  var t: UInt64 = 0
  var step: UInt64 = 20_000_000
  mutating func waitForEdge(timeoutNanoseconds: UInt64) throws(BusError) -> EdgeWait {
    if timeoutNanoseconds == 0 { return .timeout }
    t &+= step; return .edge(timestampNanoseconds: t)
  }
  mutating func takeLostEdges() -> UInt32 { 0 }
  func now() -> UInt64 { t }
}

/// What `drains` steady-state drains cost: heap allocations (after 200 warm-up drains: the hosted
/// runtime's lazy type metadata), windows scored, a checksum of their scores, and the counters.
func mallocsInDrains<Driver: AccelerometerDriver>(_ driver: Driver, edgeEvery step: UInt64, model: Model,
                                                 drains: Int) throws -> (mallocs: Int, windows: Int, checksum: Int64, counters: AcquisitionCounters) {
  let monitor = UnsafeMutablePointer<Monitor<1024>>.allocate(capacity: 1)
  monitor.initialize(to: try Monitor<1024>(model: model))
  defer { monitor.deinitialize(count: 1); monitor.deallocate() }
  var acquisition = Acquisition(driver: driver, line: TickingLine(step: step), axes: 3)
  try acquisition.start()
  var windows = 0, checksum: Int64 = 0
  func run(_ n: Int) {
    for _ in 0..<n {
      let t = acquisition.line.t &+ step
      acquisition.line.t = t
      acquisition.service(edge: t, monitor: &monitor.pointee) { r in windows += 1; checksum &+= Int64(r.score.value) }
    }
  }
  run(200)
  windows = 0
  let before = vigil_malloc_count()
  run(drains)
  return (Int(vigil_malloc_count() - before), windows, checksum, acquisition.counters)
}

/// 10,000 drains of 16 frames: every frame through, windows scored (a non-zero checksum), no error or
/// overrun, and no heap allocation.
func expectNoMallocsIn10000Drains(_ driver: some AccelerometerDriver, edgeEvery step: UInt64, model: Model) throws {
  let r = try mallocsInDrains(driver, edgeEvery: step, model: model, drains: 10_000)
  #expect(r.counters.frames >= 160_000 && r.windows > 1000 && r.checksum != 0)
  #expect(r.counters.faults.busErrors == 0 && r.counters.faults.overruns == 0)
  #expect(r.mallocs == 0, "\(r.mallocs) heap allocations in 10,000 drains")
}

/// The LIS3DH canned: WHO_AM_I 0x33, FIFO_SRC_REG WTM with 16 unread, the auto-increment burst from OUT_X_L
/// left-justified 12-bit counts.
func cannedLIS3DHBus() -> CannedFIFOBus {
  CannedFIFOBus(identity: (LIS3DHRegisters.whoAmI, 0x33), status: (LIS3DHRegisters.fifoSrcReg, 0x80 | 16),
                data: LIS3DHRegisters.outXL | LIS3DHRegisters.autoIncrement, period: 1024, shift: 4)
}

@Suite("No heap allocation per FIFO drain (ADXL345, LIS3DH)", .serialized)
struct SensorAllocationTests {
  /// An edge every 16 samples: 20 ms at 800 Hz (ADXL345), 11.904762 ms at 1344 Hz (LIS3DH).
  @Test("10,000 drains of 16 frames (driver + acquisition + monitor, 3 axes at 800 / 1344 Hz): zero mallocs after warm-up",
        arguments: WatermarkPart.allCases)
  func zeroMallocsPerDrain(_ p: WatermarkPart) throws {
    switch p {
    case .adxl345:
      let model = try syntheticModel(try syntheticSource(seconds: 2))
      try expectNoMallocsIn10000Drains(try ADXL345Driver(bus: cannedADXL345Bus()), edgeEvery: 20_000_000, model: model)
    case .lis3dh:
      let model = try syntheticModel(try lis3dhSource(seconds: 2))
      try expectNoMallocsIn10000Drains(try LIS3DHDriver(bus: cannedLIS3DHBus()), edgeEvery: 11_904_762, model: model)
    }
  }
}
