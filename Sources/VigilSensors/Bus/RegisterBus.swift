// The one narrow interface between a sensor driver and the hardware: register writes and register reads
// on one device. Drivers are generic over it (no existentials), so the same driver code runs on Linux
// i2c-dev (Sources/VigilLinux), against the register emulators (HostSim) and in the tests.

/// A register-addressed device on a bus (an I2C address on an I2C adapter).
///
/// Implementations do not reinterpret register addresses: the part's auto-increment rule (e.g. the LIS3DH's
/// bit 7 of the sub-address) is the driver's business, and the register byte is sent as given.
public protocol RegisterBus {
  /// The longest read one `read` call accepts, in bytes (e.g. 32 for SMBus block reads, more where the
  /// adapter supports a combined write-then-read transaction). Drivers split longer reads.
  var maxReadLength: Int { get }

  /// Writes `value` to register `register`.
  mutating func write(register: UInt8, value: UInt8) throws(BusError)

  /// Reads `buffer.count` (1 ... `maxReadLength`) consecutive bytes starting at `register` in one
  /// transaction (a repeated-start write of the register address, then the reads).
  mutating func read(register: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>) throws(BusError)
}

extension RegisterBus {
  /// Reads one register.
  @inlinable
  public mutating func read(register: UInt8) throws(BusError) -> UInt8 {
    var byte: UInt8 = 0
    try withUnsafeMutablePointer(to: &byte) { (p) throws(BusError) in
      try read(register: register, into: UnsafeMutableBufferPointer(start: p, count: 1))
    }
    return byte
  }
}
