// A `RegisterBus` on Linux i2c-dev: one device address on one adapter (/dev/i2c-N), through libi2c.
// Writes are SMBus "write byte data"; reads up to 32 bytes are one SMBus I2C block read (libi2c's
// i2c_smbus_read_i2c_block_data; 1 byte: "read byte data"); longer reads, when enabled, are one I2C_RDWR
// ioctl with the register write first and the read as the last message (the Raspberry Pi's i2c-bcm2835
// only allows a read in the last message). Errors are errno mapped by `BusError(errno:)`.

import CVigilLinux
import VigilSensors

/// One I2C device (an address on an adapter) as a register bus.
///
/// A value owns a file descriptor: open it once, do not copy it after opening, and `close()` it once.
public struct LinuxI2CBus: RegisterBus {
  /// The i2c-dev file descriptor (−1 after `close()`).
  public private(set) var fileDescriptor: Int32
  /// The 7-bit device address.
  public let address: UInt8
  /// 32 (SMBus block reads), or 8192 when opened with `combinedReads: true` (I2C_RDWR).
  public let maxReadLength: Int

  /// Opens `/dev/i2c-<bus>` and selects `address`.
  /// - Parameter combinedReads: allow reads longer than 32 bytes as one I2C_RDWR transaction (the adapter
  ///   must support I2C_FUNC_I2C, as the Pi's does).
  /// - Throws: `noDevice` (no such adapter), `permission` (not in the `i2c` group), `busy` (a kernel driver
  ///   owns the address).
  public init(bus: Int, address: UInt8, combinedReads: Bool = false) throws(BusError) {
    let fd = vigil_i2c_open_bus(Int32(truncatingIfNeeded: bus), address)
    if let e = BusError.check(fd) { throw e }
    self.init(fd: fd, address: address, combinedReads: combinedReads)
  }

  /// Opens the adapter at `path` (a NUL-terminated device path such as "/dev/i2c-1") and selects `address`.
  public init(path: UnsafePointer<CChar>, address: UInt8, combinedReads: Bool = false) throws(BusError) {
    let fd = vigil_i2c_open_path(path, address)
    if let e = BusError.check(fd) { throw e }
    self.init(fd: fd, address: address, combinedReads: combinedReads)
  }

  private init(fd: Int32, address: UInt8, combinedReads: Bool) {
    fileDescriptor = fd
    self.address = address
    maxReadLength = combinedReads ? Int(VIGIL_I2C_RDWR_MAX) : Int(VIGIL_I2C_SMBUS_BLOCK_MAX)
  }

  /// Writes one register (SMBus write byte data).
  public mutating func write(register: UInt8, value: UInt8) throws(BusError) {
    if let e = BusError.check(vigil_i2c_write_register(fileDescriptor, register, value)) { throw e }
  }

  /// Reads `buffer.count` bytes from `register` in one transaction; `io` when the count is 0 or above
  /// `maxReadLength`.
  public mutating func read(register: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>) throws(BusError) {
    guard let base = buffer.baseAddress, buffer.count > 0, buffer.count <= maxReadLength else { throw .io }
    let n = UInt32(truncatingIfNeeded: buffer.count)
    let r = buffer.count <= Int(VIGIL_I2C_SMBUS_BLOCK_MAX)
      ? vigil_i2c_read_smbus(fileDescriptor, register, base, n)
      : vigil_i2c_read_combined(fileDescriptor, address, register, base, n)
    if let e = BusError.check(r) { throw e }
  }

  /// The bus clock adapter `bus` is configured for, in Hz, from the device tree in sysfs
  /// (`/sys/class/i2c-adapter/i2c-<bus>/of_node/clock-frequency`; on a Pi `dtparam=i2c_arm_baudrate`);
  /// nil when that file does not exist (no such adapter, or an adapter without a device-tree clock).
  public static func busClockHertz(bus: Int) throws(BusError) -> UInt32? {
    let r = vigil_i2c_bus_clock_hz(Int32(truncatingIfNeeded: bus))
    if r == -Int32(VIGIL_ENOENT) { return nil }
    if let e = BusError.check(r) { throw e }
    return UInt32(bitPattern: r)
  }

  /// Closes the file descriptor (idempotent).
  public mutating func close() {
    if fileDescriptor >= 0 { _ = vigil_close(fileDescriptor) }
    fileDescriptor = -1
  }
}
