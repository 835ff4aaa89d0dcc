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
