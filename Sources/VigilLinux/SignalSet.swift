// What the device program's single-threaded loop needs besides the bus and the line: CLOCK_MONOTONIC, a
// periodic timer (timerfd) for heartbeats and timed drains, signals as a file descriptor (signalfd) so
// SIGTERM / SIGHUP are handled between windows, and ppoll over all of them.

import CVigilLinux

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
