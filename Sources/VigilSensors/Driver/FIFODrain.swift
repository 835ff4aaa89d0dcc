// What the acquisition needs from a part's driver: probe, configure, start/stop, drain the FIFO. Each part
// (ADXL345, MPU-6050, LIS3DH) implements it over a generic RegisterBus; the acquisition is generic over it.

/// The result of one FIFO drain.
public struct FIFODrain: Sendable, Equatable {
  /// Frames decoded into the caller's buffer (frame-major, `axes` Int16 each).
  public var frames: Int
  /// The part reported that samples were overwritten before they were read (the FIFO must be recovered
  /// and a new segment started).
  public var overrun: Bool
  /// Entries the FIFO still held when the drain stopped because the buffer was full (drain again).
  public var remaining: Int
  /// A bus error that cut the drain short (the `frames` before it are valid).
  public var error: DriverError?
  public init(frames: Int = 0, overrun: Bool = false, remaining: Int = 0, error: DriverError? = nil) {
    self.frames = frames; self.overrun = overrun; self.remaining = remaining; self.error = error
  }
}
