// No heap allocation per FIFO drain in steady state for the MPU-6050: its driver (FIFO_COUNT + burst reads
// of FIFO_R_W into a stack buffer), the acquisition's timed drain and the monitor behind it, over a bus
// and a line that themselves allocate nothing.

import MallocCounter
import Testing
import VigilCore
import VigilHost
import VigilSensors

/// An MPU-6050 whose FIFO holds 85 samples (510 bytes) of a changing signal at every drain, answered in place.
struct CannedMPU6050Bus: RegisterBus {
  var maxReadLength: Int
  var k: Int32 = 0
  var level = 0
  mutating func write(register: UInt8, value: UInt8) throws(BusError) {}
  mutating func read(register: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>) throws(BusError) {
    switch register {
    case MPU6050Registers.whoAmI: buffer[0] = 0x68
    case MPU6050Registers.fifoCountH:
      if level == 0 { level = 510 }                         // emptied: the next drain finds 85 new samples
      buffer[0] = UInt8(level >> 8); buffer[1] = UInt8(level & 0xFF)
    case MPU6050Registers.fifoReadWrite:
      level -= buffer.count
      fillSignal(buffer, k: &k, period: 8192, shift: 0, bigEndian: true)
    default: buffer[0] = 0
    }
  }
}

/// A line that never raises an edge (the MPU-6050's INT only rises on overflow); time is set by the test.
struct SilentLine: DataReadyLine {
  var t: UInt64 = 0
  mutating func waitForEdge(timeoutNanoseconds: UInt64) throws(BusError) -> EdgeWait { t &+= timeoutNanoseconds; return .timeout }
  mutating func takeLostEdges() -> UInt32 { 0 }
  func now() -> UInt64 { t }
}

@Suite("No heap allocation per FIFO drain (MPU-6050)")
struct MPU6050AllocationTests {
  @Test("10,000 timed drains of 85 samples (driver + acquisition + monitor, 3 axes at 1 kHz): zero mallocs after warm-up",
        arguments: [32, 8192])
  func zeroMallocsPerDrain(maxReadLength: Int) throws {
    let model = try syntheticModel(try mpuSource(seconds: 2))
    let monitor = UnsafeMutablePointer<Monitor<1024>>.allocate(capacity: 1)
    monitor.initialize(to: try Monitor<1024>(model: model))
    defer { monitor.deinitialize(count: 1); monitor.deallocate() }
    var acquisition = Acquisition(driver: MPU6050Driver(bus: CannedMPU6050Bus(maxReadLength: maxReadLength)), line: SilentLine(), axes: 3)
    try acquisition.start()
    #expect(acquisition.timedDrainNanoseconds == 85_000_000)
    var windows = 0, checksum: Int64 = 0
    func drains(_ n: Int) {
      for _ in 0..<n {
        acquisition.line.t = acquisition.deadline
        acquisition.service(edge: nil, monitor: &monitor.pointee) { r in windows += 1; checksum &+= Int64(r.score.value) }
      }
    }
    drains(200)
    windows = 0
    let framesBefore = acquisition.counters.frames
    let before = vigil_malloc_count()
    drains(10_000)
    let mallocs = vigil_malloc_count() - before
    #expect(acquisition.counters.frames - framesBefore == 850_000 && windows > 1000 && checksum != 0)
    #expect(acquisition.counters.faults.busErrors == 0 && acquisition.counters.faults.overruns == 0 && acquisition.counters.wakeups.timedDrains >= 10_000)
    #expect(mallocs == 0, "\(mallocs) heap allocations in 10,000 drains")
  }
}
