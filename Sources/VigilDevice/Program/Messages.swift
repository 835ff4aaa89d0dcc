// How the device program reports errors: `Error: <where>: <what>` on standard error, every part static
// text or a value formatted in place.

import CVigilIO
import VigilCore
import VigilSensors

/// Writes `Error: <config file>:<line>: <key>: <reason> (expected <what>)`.
func report(_ e: ConfigFileError, file: FixedPath) {
  var l = TextLine("Error: ")
  l.put(file); l.put(":"); l.put(decimal: e.line); l.put(": ")
  if let key = e.key { l.put(key.name); l.put(": ") }
  l.put(e.reason.message)
  if let key = e.key, e.reason == .badValue || e.reason == .outOfRange { l.put(" (expected "); l.put(key.expected); l.put(")") }
  l.writeLine(to: StandardStream.error)
}

/// Writes `Error: <what failed> <path>: <strerror>`.
func report(errno e: Int32, doing what: StaticString, _ path: FixedPath) {
  var l = TextLine("Error: ")
  l.put(what); l.put(" "); l.put(path); l.put(": "); l.put(cString: vigil_io_strerror(e))
  l.writeLine(to: StandardStream.error)
}

/// The text of a driver error, with the values it carries ("ID 0x33, expected 0xE5 (ADXL345) — is this
/// a LIS3DH?").
func put(_ e: DriverError, into l: inout TextLine) {
  switch e {
  case .wrongID(let part, let found):
    l.put("ID "); l.put(hex: found); l.put(", expected "); l.put(hex: part.expectedID); l.put(" (")
    l.put(part.name); l.put(")")
    if let other = SensorPart.withID(found), other != part { l.put(" - is this a "); l.put(other.name); l.put("? (set sensor in the config)") }
    else { l.put(": another chip at this address, or a bus error") }
  case .implausibleStatus(let register, let value):
    l.put(e.message); l.put(" (register "); l.put(hex: register); l.put(" read "); l.put(hex: value); l.put(")")
  default:
    l.put(e.message)
  }
}

/// Writes `Error: <bus> <address>: <driver error>`.
func report(_ e: DriverError, bus: FixedPath, address: UInt8) {
  var l = TextLine("Error: ")
  l.put(bus); l.put(" "); l.put(hex: address); l.put(": ")
  put(e, into: &l)
  l.writeLine(to: StandardStream.error)
}

/// Writes `Error: <what> <path>: <bus error>`.
func report(_ e: BusError, doing what: StaticString, _ path: FixedPath) {
  var l = TextLine("Error: ")
  l.put(what); l.put(" "); l.put(path); l.put(": "); l.put(e.message)
  l.writeLine(to: StandardStream.error)
}

/// Writes `Error: <model path>: <model error>`.
func report(_ e: ModelError, model: FixedPath) {
  var l = TextLine("Error: ")
  l.put(model); l.put(": "); l.put(e.message)
  l.writeLine(to: StandardStream.error)
}

/// Writes `Error: <message>`.
func report(_ message: StaticString) {
  var l = TextLine("Error: ")
  l.put(message)
  l.writeLine(to: StandardStream.error)
}
