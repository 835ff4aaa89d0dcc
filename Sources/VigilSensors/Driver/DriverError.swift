// Why a sensor driver operation failed. Typed, with static messages (no strings are built on the device):
// values the host wants to show (the ID that was found) travel in the case and the host formats them.

/// A failed driver operation.
public enum DriverError: Error, Sendable, Equatable {
  /// The bus or the data-ready line failed (NACK, timeout, I/O error...).
  case bus(BusError)
  /// The identity register did not hold the part's ID. The host prints e.g. "ID 0x33, expected 0xE5
  /// (ADXL345) — is this a LIS3DH?" from `part`, `found` and `SensorPart.withID(found)`.
  case wrongID(part: SensorPart, found: UInt8)
  /// The output data rate is above what the datasheet advises for I2C (ADXL345: 800 Hz; 1600 and 3200 Hz
  /// need SPI at ≥ 2 MHz). Allowed only with the explicit override flag.
  case rateNeedsSPI
  /// The part has no such output data rate.
  case rateNotSupported
  /// The part has no such full-scale range.
  case rangeNotSupported
  /// The FIFO watermark must be 1 ... FIFO depth − 1.
  case watermarkOutOfRange
  /// A status register returned a value no working part returns (a bit error on the bus, or another chip).
  case implausibleStatus(register: UInt8, value: UInt8)
  /// The self-test could not collect its samples (no data from the part within the time it needs).
  case selfTestNoData

  /// A one-line explanation (the host adds the values a case carries).
  public var message: StaticString {
    switch self {
    case .bus(let e): e.message
    case .wrongID: "wrong identity register value: another part, or a bus error"
    case .rateNeedsSPI: "the datasheet advises at most 800 Hz over I2C (1600/3200 Hz need SPI at 2 MHz or more): use 800 Hz, or set the override if the bus is proven to keep up"
    case .rateNotSupported: "output data rate not supported by this part"
    case .rangeNotSupported: "full-scale range not supported by this part"
    case .watermarkOutOfRange: "FIFO watermark out of range (1 ... FIFO depth - 1)"
    case .implausibleStatus: "a status register returned an impossible value (bit error on the bus?)"
    case .selfTestNoData: "self-test: the part delivered no samples (is it measuring? is the data-ready line wired?)"
    }
  }
}
