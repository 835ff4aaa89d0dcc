// Why a bus or data-ready-line operation failed. The Linux layer maps errno onto these cases; the register
// emulators raise them on purpose (fault injection). Each case carries a static message (no strings built).

/// A failed register-bus or data-ready-line operation, by cause.
public enum BusError: UInt8, Error, Sendable {
  /// Nobody acknowledged the address, or the device NACKed (Linux: ENXIO, EREMOTEIO).
  case noAcknowledge
  /// The transaction did not complete in time (Linux: ETIMEDOUT).
  case timeout
  /// A kernel driver owns this address (Linux: EBUSY on I2C_SLAVE).
  case busy
  /// The process may not open the bus or the line (Linux: EACCES, EPERM).
  case permission
  /// The bus or the GPIO chip does not exist (Linux: ENOENT, ENODEV).
  case noDevice
  /// Any other I/O failure (Linux: EIO and the rest).
  case io

  /// A one-line explanation with what to do about it.
  public var message: StaticString {
    switch self {
    case .noAcknowledge: "no acknowledge: the sensor is absent, unpowered, at another address, or NACKed"
    case .timeout: "bus timeout: the transaction did not complete (check wiring, pull-ups and bus speed)"
    case .busy: "a kernel driver owns this address (unbind it or remove its device-tree overlay)"
    case .permission: "permission denied: add the user to the i2c and gpio groups"
    case .noDevice: "no such bus or GPIO chip (enable I2C: raspi-config, or dtparam=i2c_arm=on)"
    case .io: "I/O error on the bus"
    }
  }
}
