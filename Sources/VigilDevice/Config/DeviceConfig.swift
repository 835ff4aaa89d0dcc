// The device program's configuration: the board's wiring and the sensor's settings, read from one small
// file (/etc/vigil/vigil.conf). Defaults are those of a Raspberry Pi with an ADXL345 on the 40-pin header
// (I2C bus 1 on GPIO2/GPIO3, INT1 on GPIO4); every key in the file overrides one default.

import VigilSensors

extension SensorPart {
  /// The part's name as written in the config file (`sensor = adxl345`).
  public var configName: StaticString {
    switch self {
    case .adxl345: "adxl345"
    case .mpu6050: "mpu6050"
    case .lis3dh: "lis3dh"
    }
  }

  /// The output data rate (mHz) used when the config gives none: ADXL345 800 Hz (its datasheet's limit
  /// over I2C), MPU-6050 1 kHz (its accelerometer output rate), LIS3DH 1344 Hz (its highest rate in
  /// high-resolution mode, what `--sensor lis3dh` replays).
  public var defaultODRMilliHz: UInt32 {
    switch self {
    case .mpu6050: 1_000_000
    case .lis3dh: 1_344_000
    default: 800_000
    }
  }

  /// Whether the part's driver has this output data rate (mHz).
  public func hasODR(_ milliHertz: UInt32) -> Bool {
    switch self {
    case .adxl345: ADXL345Rate(milliHertz: milliHertz) != nil
    case .mpu6050: MPU6050Rate(milliHertz: milliHertz) != nil
    case .lis3dh: LIS3DHRate(milliHertz: milliHertz) != nil
    }
  }
}

/// Everything the device program needs to know about its board, sensor and model.
public struct DeviceConfig: Equatable, Sendable {
  public var sensor: SensorPart = .adxl345
  /// The I2C adapter's character device.
  public var i2cBus = FixedPath("/dev/i2c-1")
  /// The sensor's 7-bit I2C address; 0 means "the part's default" (ADXL345 0x53, MPU-6050 0x68,
  /// LIS3DH 0x18).
  public var i2cAddress: UInt8 = 0
  /// Output data rate, mHz (800 Hz by default: the ADXL345 datasheet's limit for I2C).
  public var odrMilliHz: UInt32 = 800_000
  /// Full-scale range, ±g.
  public var rangeG: UInt8 = 16
  /// Accept an output data rate the datasheet advises against over I2C (e.g. ADXL345 above 800 Hz).
  public var allowFastODR = false
  /// The GPIO chip of the data-ready line, by label or by name (`gpiochip0`); empty: the chip whose label
  /// is the 40-pin header's on a Raspberry Pi (found at run time, since its number differs between models).
  public var interruptChip = FixedPath()
  /// The data-ready line's offset on that chip (the BCM GPIO number on a Pi: 4 = header pin 7).
  public var interruptLine: UInt16 = 4
  /// The model file.
  public var model = FixedPath("/var/lib/vigil/model.vglm")
  /// Continuous measurement, or snapshots.
  public var schedule = AcquisitionSchedule.continuous
  /// Drain the FIFO after this long without a data-ready edge (a missed edge never stalls the stream);
  /// 0: twice the time the FIFO takes to reach its watermark.
  public var drainTimeoutMilliseconds: UInt32 = 0
  /// Outputs besides standard output: the Prometheus textfile and the alarm line (OutputConfig.swift).
  public var outputs = OutputConfig()
  /// MQTT, the outbox and Home Assistant discovery (Transport/TransportConfig.swift).
  public var transport = TransportConfig()

  public init() {}

  /// The I2C address in use (the configured one, or the part's default).
  public var address: UInt8 {
    if i2cAddress != 0 { return i2cAddress }
    switch sensor {
    case .adxl345: return 0x53
    case .mpu6050: return 0x68
    case .lis3dh: return 0x18
    }
  }
}
