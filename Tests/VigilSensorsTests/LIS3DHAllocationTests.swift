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

@Suite("LIS3DH: no heap allocation per FIFO drain")
struct LIS3DHAllocationTests {
  @Test("10,000 drains of 16 frames (LIS3DH driver + acquisition + monitor, 3 axes at 1344 Hz): zero mallocs after warm-up")
  func zeroMallocsPerDrain() throws {
    let model = try syntheticModel(try lis3dhSource(seconds: 2))
    // An edge every 16 samples at 1344 Hz.
    try expectNoMallocsIn10000Drains(try LIS3DHDriver(bus: CannedLIS3DHBus()), edgeEvery: 11_904_762, model: model)
  }
}
