// What the device program's single-threaded loop needs besides the bus and the line: CLOCK_MONOTONIC, a
// periodic timer (timerfd) for heartbeats and timed drains, signals as a file descriptor (signalfd) so
// SIGTERM / SIGHUP are handled between windows, and ppoll over all of them.

import CVigilLinux

/// CLOCK_MONOTONIC.
public enum MonotonicClock {
  /// Nanoseconds since an arbitrary start (boot); the clock of GPIO edge timestamps.
  @inlinable public static func now() -> UInt64 { vigil_monotonic_ns() }
}

/// A CLOCK_MONOTONIC timerfd (non-blocking). Owns its fd: do not copy after creating; `close()` once.
public struct IntervalTimer {
  /// The timer's file descriptor (readable when it has expired); −1 after `close()`.
  public private(set) var fileDescriptor: Int32

  /// Creates a disarmed timer.
  public init() throws(SystemCallError) {
    let fd = vigil_timerfd_create()
    if fd < 0 { throw SystemCallError(call: "timerfd_create", errno: 0 &- fd) }
    fileDescriptor = fd
  }

  /// Arms the timer: first expiry after `initialNanoseconds` (0 disarms), then every
  /// `intervalNanoseconds` (0: once).
  public func arm(initialNanoseconds: UInt64, intervalNanoseconds: UInt64) throws(SystemCallError) {
    let r = vigil_timerfd_arm(fileDescriptor, initialNanoseconds, intervalNanoseconds)
    if r < 0 { throw SystemCallError(call: "timerfd_settime", errno: 0 &- r) }
  }

  /// Expiries since the last call (0 when none; more than 1 when the loop fell behind).
  public func takeExpirations() throws(SystemCallError) -> UInt64 {
    let r = vigil_timerfd_take(fileDescriptor)
    if r < 0 { throw SystemCallError(call: "read(timerfd)", errno: Int32(truncatingIfNeeded: 0 &- r)) }
    return UInt64(bitPattern: r)
  }

  /// Closes the fd (idempotent).
  public mutating func close() {
    if fileDescriptor >= 0 { _ = vigil_close(fileDescriptor) }
    fileDescriptor = -1
  }
}

/// A set of signals (Linux numbers 1 ... 64). Not an OptionSet: its array-literal conformance allocates,
/// which Embedded Swift's -no-allocations rejects; combine sets with `union`.
public struct SignalSet: Equatable, Sendable {
  /// Bit n − 1 set: signal n is in the set.
  public let rawValue: UInt64
  /// The set with these bits.
  public init(rawValue: UInt64) { self.rawValue = rawValue }
  /// The signals of both sets.
  public func union(_ other: SignalSet) -> SignalSet { SignalSet(rawValue: rawValue | other.rawValue) }
  /// Whether every signal of `other` is in this set.
  public func contains(_ other: SignalSet) -> Bool { rawValue & other.rawValue == other.rawValue }
  /// The set holding signal `number` (1 ... 64).
  public init(signal number: Int32) {
    // UInt64(_truncatingBits:) from a word: a plain UInt64(x) widening does not compile for 32-bit ARM in
    // Embedded Swift with -no-allocations (see Sources/VigilCore/Support/Fixed.swift).
    rawValue = number >= 1 && number <= 64 ? 1 &<< UInt64(_truncatingBits: UInt(bitPattern: Int(number - 1))) : 0
  }
  /// SIGHUP (1): reload.
  public static var hangup: SignalSet { SignalSet(rawValue: 1 &<< 0) }
  /// SIGINT (2).
  public static var interrupt: SignalSet { SignalSet(rawValue: 1 &<< 1) }
  /// SIGTERM (15): stop.
  public static var terminate: SignalSet { SignalSet(rawValue: 1 &<< 14) }
}

/// Signals delivered through a signalfd (blocked for normal delivery). Owns its fd; `close()` once.
public struct SignalInbox {
  /// The signalfd (readable when a signal is pending); −1 after `close()`.
  public private(set) var fileDescriptor: Int32

  /// Blocks `signals` in this thread (call before starting any other thread) and opens a signalfd for them.
  public init(_ signals: SignalSet) throws(SystemCallError) {
    let fd = vigil_signalfd_create(signals.rawValue)
    if fd < 0 { throw SystemCallError(call: "signalfd", errno: 0 &- fd) }
    fileDescriptor = fd
  }

  /// The next pending signal's number, or nil when none is pending.
  public func take() throws(SystemCallError) -> Int32? {
    let r = vigil_signalfd_take(fileDescriptor)
    if r < 0 { throw SystemCallError(call: "read(signalfd)", errno: 0 &- r) }
    return r == 0 ? nil : r
  }

  /// Closes the fd (idempotent); the signals stay blocked.
  public mutating func close() {
    if fileDescriptor >= 0 { _ = vigil_close(fileDescriptor) }
    fileDescriptor = -1
  }
}

/// ppoll over up to four file descriptors for readability.
public struct PollSet {
  private var fds: (Int32, Int32, Int32, Int32) = (-1, -1, -1, -1)
  /// How many descriptors were added.
  public private(set) var count: Int = 0

  /// An empty set.
  public init() {}

  /// Adds `fd` and returns its index (for `Ready.contains`); nil when four are already added.
  public mutating func add(_ fd: Int32) -> Int? {
    switch count {
    case 0: fds.0 = fd
    case 1: fds.1 = fd
    case 2: fds.2 = fd
    case 3: fds.3 = fd
    default: return nil
    }
    count += 1
    return count - 1
  }

  /// Which descriptors are readable (bit i: the descriptor added i-th).
  public struct Ready: Equatable, Sendable {
    /// Bit i: the descriptor added i-th is readable.
    public let bits: UInt32
    /// A result with these bits.
    public init(bits: UInt32) { self.bits = bits }
    /// Whether the descriptor at `index` is readable (or has an error or hang-up).
    public func contains(_ index: Int) -> Bool { index >= 0 && index < 32 && bits & (1 &<< UInt32(index)) != 0 }
    /// True when nothing is readable (a timeout).
    public var isEmpty: Bool { bits == 0 }
  }

  /// Waits up to `timeoutNanoseconds` (negative: forever) until one descriptor is readable; an empty set on
  /// timeout or when a signal interrupted the wait (EINTR).
  public func wait(timeoutNanoseconds: Int64) throws(SystemCallError) -> Ready {
    var copy = fds
    var readable: UInt32 = 0
    let r = withUnsafePointer(to: &copy) { p in
      p.withMemoryRebound(to: Int32.self, capacity: 4) { vigil_poll($0, UInt32(count), timeoutNanoseconds, &readable) }
    }
    if r == -Int32(VIGIL_EINTR) { return Ready(bits: 0) }
    if r < 0 { throw SystemCallError(call: "ppoll", errno: 0 &- r) }
    return Ready(bits: readable)
  }
}
