// What the acquisition needs from a part's driver: probe, configure, start/stop, drain the FIFO. Each part
// (ADXL345, MPU-6050, LIS3DH) implements it over a generic RegisterBus; the acquisition is generic over it.

/// A FIFO-based accelerometer driver, generic over its register bus.
public protocol AccelerometerDriver {
  associatedtype Bus: RegisterBus
  /// The bus the driver talks over.
  var bus: Bus { get set }
  /// Which part this driver speaks to.
  static var part: SensorPart { get }
  /// The configured output data rate, milli-hertz.
  var outputRateMilliHertz: UInt32 { get }
  /// FIFO depth in frames.
  var fifoFrames: Int { get }
  /// Frames in the FIFO at which the data-ready line rises (0: the part has no watermark interrupt and
  /// is drained on a timer only).
  var watermarkFrames: Int { get }

  /// Reads the identity register; `DriverError.wrongID` names what was found.
  mutating func probe() throws(DriverError)
  /// Puts the part in standby and writes the whole configuration (rate, range, FIFO, interrupt routing).
  mutating func configure() throws(DriverError)
  /// Empties the FIFO and starts measuring.
  mutating func start() throws(DriverError)
  /// Stops measuring (the part's lowest-power standby).
  mutating func stop() throws(DriverError)
  /// Reads what the FIFO holds, decoding the first `axes` axes of each frame into `buffer`
  /// (at most `buffer.count / axes` frames) in as few bus transactions as the part allows.
  mutating func drain(into buffer: UnsafeMutableBufferPointer<Int16>, axes: Int) -> FIFODrain
  /// Recovers the FIFO after an overrun (empties it and restarts stream mode).
  mutating func recoverOverrun() throws(DriverError)
}

// 64-bit helpers that also compile on 32-bit ARM in Embedded Swift (no widening initialisers there).
@inline(__always) @usableFromInline
func wideU(_ x: UInt32) -> UInt64 { UInt64(_truncatingBits: UInt(x)) }
@inline(__always) @usableFromInline
func wideU(_ n: Int) -> UInt64 { UInt64(_truncatingBits: UInt(bitPattern: n)) }
@inline(__always) @usableFromInline
func narrowInt(_ x: UInt64) -> Int { Int(truncatingIfNeeded: x) }

/// Nanoseconds per sample at `milliHertz` (exact for the ADXL345's rates; the LIS3DH's 1344 Hz is
/// 744,047.6 ns, truncated to 744,047: 0.9 ppm fast, on the device and in its emulator alike).
@inline(__always)
public func samplePeriodNanoseconds(milliHertz: UInt32) -> UInt64 {
  milliHertz == 0 ? 0 : 1_000_000_000_000 / wideU(milliHertz)
}

extension AccelerometerDriver {
  /// Time from one drain to the timed drain that runs when no edge comes: half-way from the watermark to
  /// a full FIFO (or half the FIFO for a part without a watermark interrupt, drained on the timer only).
  public var timedDrainNanoseconds: UInt64 {
    let w = watermarkFrames, depth = fifoFrames
    let frames = w > 0 ? w &+ (depth &- w) / 2 : depth / 2
    return samplePeriodNanoseconds(milliHertz: outputRateMilliHertz) &* wideU(frames)
  }
}
