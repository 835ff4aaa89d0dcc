// What the device program's single-threaded loop needs besides the bus and the line: CLOCK_MONOTONIC, a
// periodic timer (timerfd) for heartbeats and timed drains, signals as a file descriptor (signalfd) so
// SIGTERM / SIGHUP are handled between windows, and ppoll over all of them.

import CVigilLinux

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
