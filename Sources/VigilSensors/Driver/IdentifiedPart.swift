// The identity probe every part's driver shares: one register holding a fixed value.

/// A driver whose part says who it is in one identity register.
public protocol IdentifiedPart: AccelerometerDriver {
  /// The identity register and the value the part holds in it (`probe()` compares them).
  static var identity: (register: UInt8, value: UInt8) { get }
}

extension IdentifiedPart {
  /// Reads the identity register; `DriverError.wrongID` names what was found.
  public mutating func probe() throws(DriverError) {
    let id = try read(Self.identity.register)
    if id != Self.identity.value { throw .wrongID(part: Self.part, found: id) }
  }
}
