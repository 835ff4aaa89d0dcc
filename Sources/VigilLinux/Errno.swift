// The one place where Linux errno values become Vigil's typed bus errors. Everything in VigilLinux that
// talks to i2c-dev or a GPIO chip goes through `BusError(errno:)`; the C shim only returns −errno.

import CVigilLinux
import VigilSensors

extension BusError {
  /// The bus error for a positive errno value from i2c-dev, libi2c or libgpiod.
  ///
  /// | errno | case | meaning |
  /// |---|---|---|
  /// | ENXIO, EREMOTEIO | `noAcknowledge` | nobody ACKed the address (i2c-bcm2835 and most adapters: ENXIO / EREMOTEIO) |
  /// | ETIMEDOUT | `timeout` | the adapter gave up (clock stretching, a stuck SDA) |
  /// | EBUSY | `busy` | `I2C_SLAVE`: a kernel driver owns the address; GPIO: the line is requested elsewhere |
  /// | EACCES, EPERM | `permission` | the user is not in the `i2c` / `gpio` group |
  /// | ENOENT, ENODEV | `noDevice` | no such bus node or GPIO chip (I2C not enabled, wrong bus, wrong label) |
  /// | anything else | `io` | e.g. EIO, a short transfer |
  public init(errno: Int32) {
    switch Int(errno) {
    case Int(VIGIL_ENXIO), Int(VIGIL_EREMOTEIO): self = .noAcknowledge
    case Int(VIGIL_ETIMEDOUT): self = .timeout
    case Int(VIGIL_EBUSY): self = .busy
    case Int(VIGIL_EACCES), Int(VIGIL_EPERM): self = .permission
    case Int(VIGIL_ENOENT), Int(VIGIL_ENODEV): self = .noDevice
    default: self = .io
    }
  }

  /// The bus error for a C shim result (`-errno`), or nil when `result` is not negative.
  @inlinable
  static func check(_ result: Int32) -> BusError? {
    result < 0 ? BusError(errno: 0 &- result) : nil
  }
}

