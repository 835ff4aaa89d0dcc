// Why a sensor driver operation failed. Typed, with static messages (no strings are built on the device):
// values the host wants to show (the ID that was found) travel in the case and the host formats them.

/// The accelerometers Vigil has drivers for, with the identity register each one answers on.
public enum SensorPart: UInt8, Sendable {
  case adxl345, mpu6050, lis3dh

  /// The part's name as printed on the package.
  public var name: StaticString {
    switch self { case .adxl345: "ADXL345"; case .mpu6050: "MPU-6050"; case .lis3dh: "LIS3DH" }
  }
  /// The identity register (ADXL345 DEVID, MPU-6050 WHO_AM_I, LIS3DH WHO_AM_I).
  public var idRegister: UInt8 {
    switch self { case .adxl345: 0x00; case .mpu6050: 0x75; case .lis3dh: 0x0F }
  }
  /// What the identity register reads on a genuine part.
  public var expectedID: UInt8 {
    switch self { case .adxl345: 0xE5; case .mpu6050: 0x68; case .lis3dh: 0x33 }
  }
  /// The supported part whose identity value is `id` (for "is this a …?" hints), if any.
  public static func withID(_ id: UInt8) -> SensorPart? {
    switch id { case 0xE5: .adxl345; case 0x68: .mpu6050; case 0x33: .lis3dh; default: nil }
  }
}

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

/// Three axes of a measurement (counts).
public struct Axes: Sendable, Equatable {
  public var x: Int32, y: Int32, z: Int32
  public init(x: Int32, y: Int32, z: Int32) { self.x = x; self.y = y; self.z = z }
}

/// The outcome of a datasheet self-test: the measured change of output with self-test on, and the limits
/// it must fall in (already scaled for the supply voltage).
public struct SelfTestResult: Sendable, Equatable {
  /// Mean output with self-test on minus mean output with it off, counts.
  public var delta: Axes
  /// Lowest acceptable change per axis, counts.
  public var minimum: Axes
  /// Highest acceptable change per axis, counts.
  public var maximum: Axes
  public init(delta: Axes, minimum: Axes, maximum: Axes) { self.delta = delta; self.minimum = minimum; self.maximum = maximum }
  /// Every axis within its limits.
  public var passed: Bool {
    delta.x >= minimum.x && delta.x <= maximum.x && delta.y >= minimum.y && delta.y <= maximum.y
      && delta.z >= minimum.z && delta.z <= maximum.z
  }
}
