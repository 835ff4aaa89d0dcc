// MPU-6050 driver: probe by WHO_AM_I, configure sample rate (SMPLRT_DIV, DLPF) / range / accelerometer-only
// FIFO / FIFO-overflow interrupt, start (wake) and stop (sleep), self-test. Pure register logic over a
// generic RegisterBus (Register Map Rev. 4.2; names in MPU6050Registers.swift). The drain is MPU6050Stream.

/// How to run an MPU-6050.
public struct MPU6050Configuration: Sendable, Equatable {
  /// Sample rate (default 1 kHz: the accelerometer's output rate).
  public var rate: MPU6050Rate
  /// Full-scale range (default ±16 g: 2048 LSB/g).
  public var range: MPU6050Range
  public init(rate: MPU6050Rate = .hz1000, range: MPU6050Range = .g16) {
    self.rate = rate; self.range = range
  }
}
