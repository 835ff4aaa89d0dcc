// A GPIO output line through libgpiod (v1 or v2 API, as GPIOEdgeLine): what drives an alarm relay, a buzzer
// or a stack light. Values are logical (true = active); an active-low line is inverted by the kernel, so the
// caller never thinks about the wiring. The chip is found by label, name, number or path, as for the
// data-ready line.

import CVigilLinux
import VigilSensors

/// A GPIO line requested as an output.
///
/// A value owns the chip and the line request: open it once, do not copy it after opening, `close()` once.
public struct GPIOOutputLine {
  private var state: vigil_gpio_output

  /// Requests line `offset` of `chip` as an output under the consumer name `consumer` (shown by `gpioinfo`),
  /// driven to `active` at once.
  /// - Parameters:
  ///   - chip: NUL-terminated label, name ("gpiochip0"), number ("0") or path ("/dev/gpiochip0").
  ///   - activeLow: true when "active" is the low level (e.g. a relay board whose input is active low).
  /// - Throws: `noDevice` (no such chip, label or line), `permission` (not in the `gpio` group), `busy` (the
  ///   line is requested by another consumer or a kernel driver).
  public init(chip: UnsafePointer<CChar>, offset: UInt32, consumer: StaticString, activeLow: Bool,
              active: Bool) throws(BusError) {
    state = vigil_gpio_output()
    let consumerName = UnsafeRawPointer(consumer.utf8Start).assumingMemoryBound(to: CChar.self)
    let r = vigil_gpio_output_open(&state, chip, offset, consumerName, activeLow ? 1 : 0, active ? 1 : 0)
    if let e = BusError.check(r) { throw r == -Int32(VIGIL_EINVAL) ? .noDevice : e }
  }

  /// The logical value last set, or nil after `close()`.
  public var isActive: Bool? { state.value < 0 ? nil : state.value == 1 }

  /// Drives the line to `active` (logical).
  public mutating func set(active: Bool) throws(BusError) {
    if let e = BusError.check(vigil_gpio_output_set(&state, active ? 1 : 0)) { throw e }
  }

  /// Releases the line and closes the chip (idempotent). The line keeps its last level: set it inactive first.
  public mutating func close() { vigil_gpio_output_close(&state) }
}
