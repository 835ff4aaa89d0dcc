// MPU-6050 sample rates: SMPLRT_DIV with the DLPF on (Register Map Rev. 4.2, 4.2 and 4.3): Sample Rate =
// 1 kHz / (1 + SMPLRT_DIV). The rates are those of the host's `mpu6050` sensor profile (SensorModel.swift),
// so a model trained on `--sensor mpu6050@HZ` runs on the device at HZ. Each rate's DLPF_CFG is the widest
// accelerometer bandwidth (Register Map 4.3 table: 184, 94, 44, 21, 10, 5 Hz) below its Nyquist frequency.

/// MPU-6050 accelerometer sample rates (raw value: SMPLRT_DIV).
public enum MPU6050Rate: UInt8, Sendable {
  case hz4 = 249, hz10 = 99, hz20 = 49, hz50 = 19, hz100 = 9, hz200 = 4, hz500 = 1, hz1000 = 0

  /// The rate in milli-hertz: 1,000,000 / (1 + SMPLRT_DIV).
  public var milliHertz: UInt32 { 1_000_000 / (UInt32(rawValue) &+ 1) }

  /// CONFIG's DLPF_CFG for this rate (1...6: the gyroscope output rate stays 1 kHz).
  public var dlpf: UInt8 {
    switch self {
    case .hz1000, .hz500: 1          // 184 Hz
    case .hz200: 2                   // 94 Hz
    case .hz100: 3                   // 44 Hz
    case .hz50: 4                    // 21 Hz
    case .hz20, .hz10, .hz4: 6       // 5 Hz
    }
  }

  /// The rate with this many milli-hertz, if the profile has it.
  public init?(milliHertz: UInt32) {
    switch milliHertz {
    case 4_000: self = .hz4
    case 10_000: self = .hz10
    case 20_000: self = .hz20
    case 50_000: self = .hz50
    case 100_000: self = .hz100
    case 200_000: self = .hz200
    case 500_000: self = .hz500
    case 1_000_000: self = .hz1000
    default: return nil
    }
  }
}
