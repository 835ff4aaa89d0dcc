// What the device program's single-threaded loop needs besides the bus and the line: CLOCK_MONOTONIC, a
// periodic timer (timerfd) for heartbeats and timed drains, signals as a file descriptor (signalfd) so
// SIGTERM / SIGHUP are handled between windows, and ppoll over all of them.

import CVigilLinux

/// ppoll over up to eight file descriptors for readability (and, for those asked, writability: a socket
/// with bytes to send). A negative descriptor is skipped by ppoll (a slot whose socket is closed).
public struct PollSet {
  private var fds: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32) = (-1, -1, -1, -1, -1, -1, -1, -1)
  private var writeMask: UInt32 = 0
  /// How many descriptors were added.
  public private(set) var count: Int = 0

  /// An empty set.
  public init() {}

  /// Adds `fd` and returns its index (for `Ready.contains`); nil when eight are already added.
  public mutating func add(_ fd: Int32) -> Int? {
    guard count < 8 else { return nil }
    count += 1
    replace(count - 1, with: fd)
    return count - 1
  }

  /// Puts `fd` in slot `index` (a socket that changed on reconnection; −1: skip the slot).
  public mutating func replace(_ index: Int, with fd: Int32) {
    switch index {
    case 0: fds.0 = fd
    case 1: fds.1 = fd
    case 2: fds.2 = fd
    case 3: fds.3 = fd
    case 4: fds.4 = fd
    case 5: fds.5 = fd
    case 6: fds.6 = fd
    case 7: fds.7 = fd
    default: break
    }
  }

  /// Whether `wait` also reports slot `index` when it is writable.
  public mutating func setWriteInterest(_ index: Int, _ on: Bool) {
    guard index >= 0 && index < 8 else { return }
    let bit: UInt32 = 1 &<< UInt32(index)
    writeMask = on ? writeMask | bit : writeMask & ~bit
  }

  /// Which descriptors are readable (bit i: the descriptor added i-th), and which are writable.
  public struct Ready: Equatable, Sendable {
    /// Bit i: the descriptor added i-th is readable.
    public let bits: UInt32
    /// Bit i: the descriptor added i-th is writable (only slots with write interest).
    public let writableBits: UInt32
    /// A result with these bits.
    public init(bits: UInt32, writableBits: UInt32 = 0) { self.bits = bits; self.writableBits = writableBits }
    /// Whether the descriptor at `index` is readable (or has an error or hang-up).
    public func contains(_ index: Int) -> Bool { index >= 0 && index < 32 && bits & (1 &<< UInt32(index)) != 0 }
    /// Whether the descriptor at `index` is writable.
    public func writable(_ index: Int) -> Bool { index >= 0 && index < 32 && writableBits & (1 &<< UInt32(index)) != 0 }
    /// True when nothing is readable or writable (a timeout).
    public var isEmpty: Bool { bits == 0 && writableBits == 0 }
  }

  /// Waits up to `timeoutNanoseconds` (negative: forever) until one descriptor is readable (or writable, with
  /// write interest); an empty set on timeout or when a signal interrupted the wait (EINTR).
  public func wait(timeoutNanoseconds: Int64) throws(SystemCallError) -> Ready {
    var copy = fds
    var readable: UInt32 = 0, writable: UInt32 = 0
    let r = withUnsafePointer(to: &copy) { p in
      p.withMemoryRebound(to: Int32.self, capacity: 8) {
        vigil_poll_rw($0, UInt32(count), writeMask, timeoutNanoseconds, &readable, &writable)
      }
    }
    if r == -Int32(VIGIL_EINTR) { return Ready(bits: 0) }
    if r < 0 { throw SystemCallError(call: "ppoll", errno: 0 &- r) }
    return Ready(bits: readable, writableBits: writable)
  }
}
