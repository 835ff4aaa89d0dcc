// The shared core of the register-level sensor emulators: a register file, a virtual clock, the
// interrupt line's level and its rising edges, a bus trace, and a fault plan. Each part (ADXL345Emulator,
// MPU6050Emulator, ...) supplies its register behaviour. `EmulatedBus` and `EmulatedLine` put an emulator behind the
// drivers' RegisterBus and DataReadyLine, so the device's driver and acquisition code runs unchanged.

import Foundation
import VigilSensors

/// One bus transaction as the emulated part saw it.
public enum BusTraceEntry: Equatable, Sendable, CustomStringConvertible {
  case write(register: UInt8, value: UInt8)
  case read(register: UInt8, count: Int)
  /// A transaction that failed (fault injected or part unplugged).
  case failed(register: UInt8, error: BusError)
  public var description: String {
    switch self {
    case .write(let r, let v): String(format: "W %02X=%02X", r, v)
    case .read(let r, let n): String(format: "R %02X×%d", r, n)
    case .failed(let r, let e): String(format: "F %02X ", r) + "\(e)"
    }
  }
}

/// Failures to inject, on the emulator's virtual clock (nanoseconds).
public struct FaultPlan: Sendable {
  /// NACK the next N transactions.
  public var nackNext = 0
  /// NACK every transaction that starts in one of these intervals.
  public var nackDuring: [Range<UInt64>] = []
  /// The identity register reads this instead of the part's ID.
  public var wrongID: UInt8?
  /// The part loses power at `at` and (if `replugAt` is set) comes back with its power-on reset state.
  public var unplug: (at: UInt64, replugAt: UInt64?)?
  /// The interrupt line is stuck (no edge reaches the host) during these intervals.
  public var stuckLine: [Range<UInt64>] = []
  /// The host is late: the first wait on the line at or after `at` returns `duration` later than asked
  /// (scheduling delay), so the FIFO can overrun.
  public var stalls: [(at: UInt64, duration: UInt64)] = []
  /// The next read of `register` has `mask` XORed into its first byte (a bit error on the bus).
  public var bitFlips: [(register: UInt8, mask: UInt8)] = []
  /// The self-test force does not move the output (a broken part).
  public var selfTestBroken = false
  public init() {}
}

/// The shared emulator core; subclasses implement a part's registers and sampling.

open class SensorEmulator {
  /// Virtual time, ns (the line's `now()`).
  public internal(set) var now: UInt64
  public var faults = FaultPlan()
  /// Every transaction, in order (when `recordTrace`).
  public var trace: [BusTraceEntry] = []
  public var recordTrace = true
  /// I2C clock for the time transactions take (0: transactions take no time).
  public var busClockHertz: UInt64 = 400_000
  /// Registers (256 addresses).
  public var registers = [UInt8](repeating: 0, count: 256)
  /// Rising edges not yet consumed by the host (timestamps).
  var pendingEdges: [UInt64] = []
  var level = false
  /// Whether the part has power (not unplugged).
  public private(set) var powered = true
  /// Samples dropped because the FIFO was full.
  public internal(set) var overwritten = 0
  /// Edges swallowed by a stuck line.
  public private(set) var suppressedEdges = 0
  /// The recording the part measures.
  public let feed: SampleFeed

  /// A part at its power-on reset state, measuring `feed`, with its clock at `startTime`.
  public required init(feed: SampleFeed, startTime: UInt64 = 0) {
    self.feed = feed
    now = startTime
    powerOnReset()
  }

  /// Samples ran out (the recording is over).
  public var exhausted: Bool { feed.exhausted }

  // MARK: measuring (shared by the parts)

  /// When the part last started measuring (nil: standby, asleep or unpowered).
  var measureSince: UInt64?
  /// Samples taken since then.
  var samplesTaken: UInt64 = 0
  /// When it last stopped (the feed skips what a continuous signal did meanwhile).
  var stoppedAt: UInt64?
  /// Whether the part is measuring.
  public var measuring: Bool { measureSince != nil }

  /// The part starts measuring now: the feed moves on (next segment, or past the idle time).
  func beginMeasuring() {
    let idle = stoppedAt.map { Int((now - $0) / max(1, samplePeriod)) } ?? 0
    try? feed.startMeasuring(idleFrames: idle)
    measureSince = now; samplesTaken = 0
  }

  /// The part stops measuring now (standby, sleep or power loss).
  func endMeasuring() {
    if measureSince != nil { stoppedAt = now }
    measureSince = nil
  }

  // MARK: part behaviour (override)

  /// Restores the power-on register values and empties buffers.
  open func powerOnReset() {}
  /// The part loses power (unplugged): it stops sampling and forgets everything.
  open func powerLost() {}
  /// The configured sample period, ns.
  open var samplePeriod: UInt64 { 0 }
  /// The next time the part samples (nil: not measuring).
  open var nextSampleTime: UInt64? {
    guard let t0 = measureSince, !feed.exhausted, samplePeriod > 0 else { return nil }
    return t0 + (samplesTaken + 1) * samplePeriod
  }
  /// Takes the sample due at `nextSampleTime`.
  open func sample() {}
  /// The level of the interrupt output the host's line is wired to.
  open var interruptLevel: Bool { false }
  /// A register write (already past the fault checks).
  open func writeRegister(_ register: UInt8, _ value: UInt8) {}

  /// Stores `value` in a register through its write mask (the part's writable bits); returns the old
  /// value, or nil when nothing is writable there (read-only or reserved: the write is ignored).
  func store(_ register: UInt8, _ value: UInt8, mask: [UInt8]) -> UInt8? {
    let m = mask[Int(register)]
    guard m != 0 else { return nil }
    let old = registers[Int(register)]
    registers[Int(register)] = value & m
    return old
  }
  /// A burst read of `count` bytes from `register` (already past the fault checks).
  open func readRegisters(_ register: UInt8, count: Int) -> [UInt8] { [UInt8](repeating: 0, count: count) }

  // MARK: clock and line

  /// Runs the part up to time `t`: samples, power loss / return, line edges.
  public func advance(to t: UInt64) {
    while true {
      var next = UInt64.max
      if let s = nextSampleTime, powered { next = s }
      if let u = faults.unplug {
        if powered && u.at <= t && u.at < next { now = max(now, u.at); powered = false; powerLost(); updateLine(); continue }
        if !powered, let r = u.replugAt, r <= t {
          now = max(now, r); powered = true; faults.unplug = nil; powerOnReset(); updateLine(); continue
        }
      }
      if next > t { break }
      now = max(now, next)
      sample()
      updateLine()
    }
    now = max(now, t)
  }

  /// Recomputes the line after a change; a low→high transition is an edge (unless the line is stuck).
  func updateLine() {
    let l = powered && interruptLevel
    if l && !level {
      if faults.stuckLine.contains(where: { $0.contains(now) }) { suppressedEdges += 1 } else { pendingEdges.append(now) }
    }
    level = l
  }

  /// The host waits for an edge (see `DataReadyLine.waitForEdge`).
  func waitForEdge(timeout: UInt64) -> EdgeWait {
    if let i = faults.stalls.firstIndex(where: { $0.at <= now }) {
      let d = faults.stalls.remove(at: i).duration
      advance(to: now + d)
    }
    if !pendingEdges.isEmpty { return .edge(timestampNanoseconds: pendingEdges.removeFirst()) }
    let deadline = now + timeout
    while true {
      var next = UInt64.max
      if let s = nextSampleTime, powered { next = s }
      if let u = faults.unplug { next = min(next, powered ? u.at : (u.replugAt ?? .max)) }
      if next > deadline { advance(to: deadline); return pendingEdges.isEmpty ? .timeout : .edge(timestampNanoseconds: pendingEdges.removeFirst()) }
      advance(to: next)
      if !pendingEdges.isEmpty { return .edge(timestampNanoseconds: pendingEdges.removeFirst()) }
    }
  }

  // MARK: bus

  /// Time one transaction of `bytes` data bytes takes on the bus: 9 clocks per byte, address + register
  /// + (for reads) a repeated-start address, start/stop.
  func busTime(dataBytes: Int, read: Bool) -> UInt64 {
    guard busClockHertz > 0 else { return 0 }
    let clocks = UInt64(9 * (dataBytes + (read ? 3 : 2)) + 3)
    return clocks * 1_000_000_000 / busClockHertz
  }

  /// Fault checks shared by reads and writes; throws the injected error.
  func admit(_ register: UInt8, dataBytes: Int, read: Bool) throws(BusError) {
    advance(to: now + busTime(dataBytes: dataBytes, read: read))
    var error: BusError?
    if !powered { error = .noAcknowledge }
    else if faults.nackNext > 0 { faults.nackNext -= 1; error = .noAcknowledge }
    else if faults.nackDuring.contains(where: { $0.contains(now) }) { error = .noAcknowledge }
    if let error {
      if recordTrace { trace.append(.failed(register: register, error: error)) }
      throw error
    }
  }

  func busWrite(_ register: UInt8, _ value: UInt8) throws(BusError) {
    try admit(register, dataBytes: 1, read: false)
    if recordTrace { trace.append(.write(register: register, value: value)) }
    writeRegister(register, value)
    updateLine()
  }

  func busRead(_ register: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>) throws(BusError) {
    try admit(register, dataBytes: buffer.count, read: true)
    if recordTrace { trace.append(.read(register: register, count: buffer.count)) }
    var bytes = readRegisters(register, count: buffer.count)
    if let i = faults.bitFlips.firstIndex(where: { $0.register == register }) {
      bytes[0] ^= faults.bitFlips.remove(at: i).mask
    }
    for i in 0..<buffer.count { buffer[i] = bytes[i] }
    updateLine()
  }

  /// The writes of the trace, in order (what a register-sequence test compares).
  public var writes: [BusTraceEntry] { trace.filter { if case .write = $0 { true } else { false } } }
}

/// An emulator behind the drivers' bus protocol.
public struct EmulatedBus: RegisterBus {
  public let emulator: SensorEmulator
  public var maxReadLength: Int
  public init(_ emulator: SensorEmulator, maxReadLength: Int = 32) { self.emulator = emulator; self.maxReadLength = maxReadLength }
  public mutating func write(register: UInt8, value: UInt8) throws(BusError) { try emulator.busWrite(register, value) }
  public mutating func read(register: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>) throws(BusError) {
    precondition(buffer.count >= 1 && buffer.count <= maxReadLength, "read of \(buffer.count) bytes: 1 ... \(maxReadLength)")
    try emulator.busRead(register, into: buffer)
  }
}

/// An emulator's interrupt output behind the drivers' data-ready line protocol (virtual clock).
public struct EmulatedLine: DataReadyLine {
  public let emulator: SensorEmulator
  public init(_ emulator: SensorEmulator) { self.emulator = emulator }
  public mutating func waitForEdge(timeoutNanoseconds: UInt64) throws(BusError) -> EdgeWait {
    emulator.waitForEdge(timeout: timeoutNanoseconds)
  }
  public mutating func takeLostEdges() -> UInt32 { 0 }
  public func now() -> UInt64 { emulator.now }
}

/// The output side of a part with a FIFO of 3-axis samples (ADXL345: counts; LIS3DH: left-justified output
/// register values, as the part latched them when it sampled): the FIFO, the latest sample (what the output
/// registers hold), the data-ready flag and the overrun flag (ADXL345: INT_SOURCE Overrun, the FIFO
/// overwrote an entry; LIS3DH: STATUS_REG ZYXOR, a sample overwrote an unread one).
struct SampleFIFO<Value: FixedWidthInteger> {
  var entries: [(Value, Value, Value)] = []
  var latest: (Value, Value, Value) = (0, 0, 0)
  var dataReady = false
  var overrun = false
}

/// A part whose FIFO holds 3-axis samples (ADXL345, LIS3DH): at power-on every register is 0 but
/// `resetValues`, and the FIFO and the flags are clear; a power loss stops sampling and empties the FIFO.
open class SampleFIFOEmulator<Value: FixedWidthInteger>: SensorEmulator {
  var state = SampleFIFO<Value>()
  /// The registers whose power-on value is not 0, and their values (the datasheet's register table).
  open var resetValues: [(register: UInt8, value: UInt8)] { [] }

  open override func powerOnReset() {
    registers = [UInt8](repeating: 0, count: 256)
    for (r, v) in resetValues { registers[Int(r)] = v }
    state = SampleFIFO()
    powerLost()
  }

  open override func powerLost() {
    endMeasuring()
    state.entries = []
  }
}
