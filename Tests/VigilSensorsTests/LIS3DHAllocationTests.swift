// No heap allocation per FIFO drain in steady state: the LIS3DH driver (auto-increment burst reads), the
// acquisition step and the monitor behind it, over a bus and a line that themselves allocate nothing.

import MallocCounter
import Testing
import VigilCore
import VigilHost
import VigilSensors

/// A LIS3DH that always has 16 entries of a changing signal, answered from registers in place.
struct CannedLIS3DHBus: RegisterBus {
  var maxReadLength: Int { 32 }
  var k: Int32 = 0
  mutating func write(register: UInt8, value: UInt8) throws(BusError) {}
  mutating func read(register: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>) throws(BusError) {
    switch register {
    case LIS3DHRegisters.whoAmI: buffer[0] = 0x33
    case LIS3DHRegisters.fifoSrcReg: buffer[0] = 0x80 | 16                    // WTM, 16 unread
    case LIS3DHRegisters.outXL | LIS3DHRegisters.autoIncrement:
      var i = 0
      while i + 1 < buffer.count {
        k &+= 1
        let v = UInt16(bitPattern: Int16(truncatingIfNeeded: ((k &* 37) % 1024 &- 512) &<< 4))
        buffer[i] = UInt8(v & 0xFF); buffer[i + 1] = UInt8(v >> 8)
        i += 2
      }
    default: buffer[0] = 0
    }
  }
}

/// A line with an edge every 16 samples at 1344 Hz.
struct LIS3DHTickingLine: DataReadyLine {
  var t: UInt64 = 0
  mutating func waitForEdge(timeoutNanoseconds: UInt64) throws(BusError) -> EdgeWait {
    if timeoutNanoseconds == 0 { return .timeout }
    t &+= 11_904_762; return .edge(timestampNanoseconds: t)
  }
  mutating func takeLostEdges() -> UInt32 { 0 }
  func now() -> UInt64 { t }
}

@Suite("LIS3DH: no heap allocation per FIFO drain")
struct LIS3DHAllocationTests {
  @Test("10,000 drains of 16 frames (LIS3DH driver + acquisition + monitor, 3 axes at 1344 Hz): zero mallocs after warm-up")
  func zeroMallocsPerDrain() throws {
    let model = try syntheticModel(try lis3dhSource(seconds: 2))
    let monitor = UnsafeMutablePointer<Monitor<1024>>.allocate(capacity: 1)
    monitor.initialize(to: try Monitor<1024>(model: model))
    defer { monitor.deinitialize(count: 1); monitor.deallocate() }
    var acquisition = Acquisition(driver: try LIS3DHDriver(bus: CannedLIS3DHBus()), line: LIS3DHTickingLine(), axes: 3)
    try acquisition.start()
    var windows = 0, checksum: Int64 = 0
    func drains(_ n: Int) {
      for _ in 0..<n {
        let t = acquisition.line.t &+ 11_904_762
        acquisition.line.t = t
        acquisition.service(edge: t, monitor: &monitor.pointee) { r in windows += 1; checksum &+= Int64(r.score.value) }
      }
    }
    drains(200)
    windows = 0
    let before = vigil_malloc_count()
    drains(10_000)
    let mallocs = vigil_malloc_count() - before
    #expect(acquisition.counters.frames >= 160_000 && windows > 1000 && checksum != 0)
    #expect(acquisition.counters.busErrors == 0 && acquisition.counters.overruns == 0)
    #expect(mallocs == 0, "\(mallocs) heap allocations in 10,000 drains")
  }
}
