// Why a sensor driver operation failed. Typed, with static messages (no strings are built on the device):
// values the host wants to show (the ID that was found) travel in the case and the host formats them.

/// The outcome of a datasheet self-test: the measured change of output with self-test on, and the limits
/// it must fall in (already scaled for the supply voltage).
public struct SelfTestResult: Sendable, Equatable {
  /// Mean output with self-test on minus mean output with it off, counts.
  public var delta: Axes
  /// Lowest acceptable change per axis, counts.
  public var minimum: Axes
  /// Highest acceptable change per axis, counts.
  public var maximum: Axes
  public init(delta: Axes, minimum: Axes, maximum: Axes) { self.delta = delta; self.minimum = minimum; self.maximum = maximum }
  /// Every axis within its limits.
  public var passed: Bool {
    delta.x >= minimum.x && delta.x <= maximum.x && delta.y >= minimum.y && delta.y <= maximum.y
      && delta.z >= minimum.z && delta.z <= maximum.z
  }
}
