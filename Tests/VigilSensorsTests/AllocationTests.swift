// No heap allocation per FIFO drain in steady state: the ADXL345 driver, the acquisition step and the
// monitor behind it, over a bus and a line that themselves allocate nothing (the emulators do, by design).

import MallocCounter
import Testing
import VigilCore
import VigilHost
import VigilSensors

/// An ADXL345 that always has 16 entries of a changing signal, answered from registers in place.
struct CannedADXL345Bus: RegisterBus {
  var maxReadLength: Int { 32 }
  var k: Int32 = 0
  mutating func write(register: UInt8, value: UInt8) throws(BusError) {}
  mutating func read(register: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>) throws(BusError) {
    switch register {
    case ADXL345Registers.devid: buffer[0] = 0xE5
    case ADXL345Registers.fifoStatus: buffer[0] = 16
    case ADXL345Registers.dataX0:
      for a in 0..<3 {
        k &+= 1
        let v = UInt16(bitPattern: Int16(truncatingIfNeeded: (k &* 37) % 1024 &- 512))
        buffer[2 * a] = UInt8(v & 0xFF); buffer[2 * a + 1] = UInt8(v >> 8)
      }
    default: buffer[0] = 0
    }
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
  #expect(r.counters.busErrors == 0 && r.counters.overruns == 0)
  #expect(r.mallocs == 0, "\(r.mallocs) heap allocations in 10,000 drains")
}

@Suite("No heap allocation per FIFO drain")
struct SensorAllocationTests {
  @Test("10,000 drains of 16 frames (driver + acquisition + monitor, 3 axes at 800 Hz): zero mallocs after warm-up")
  func zeroMallocsPerDrain() throws {
    let model = try syntheticModel(try syntheticSource(seconds: 2))
    try expectNoMallocsIn10000Drains(try ADXL345Driver(bus: CannedADXL345Bus()), edgeEvery: 20_000_000, model: model)
  }
}
