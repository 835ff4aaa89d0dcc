// Why a sensor driver operation failed. Typed, with static messages (no strings are built on the device):
// values the host wants to show (the ID that was found) travel in the case and the host formats them.

/// Three axes of a measurement (counts).
public struct Axes: Sendable, Equatable {
  public var x: Int32, y: Int32, z: Int32
  public init(x: Int32, y: Int32, z: Int32) { self.x = x; self.y = y; self.z = z }
}
