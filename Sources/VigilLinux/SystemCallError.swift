// A failed system call outside the I2C bus (timerfd, signalfd, ppoll...): the call's name and its errno.

/// A failed system call outside the bus (timerfd, signalfd, ppoll): which call, and its errno.
public struct SystemCallError: Error, Equatable, Sendable {
  /// The call that failed, e.g. "timerfd_create".
  public let call: StaticString
  /// The positive errno value.
  public let errno: Int32

  /// A failure of `call` with `errno`.
  public init(call: StaticString, errno: Int32) {
    self.call = call
    self.errno = errno
  }

  public static func == (a: SystemCallError, b: SystemCallError) -> Bool {
    a.errno == b.errno && a.call.utf8Start == b.call.utf8Start
  }
}

