// A `DataReadyLine` on a Linux GPIO line through libgpiod: the 1.6 v1 API (Debian / Raspberry Pi OS
// bookworm) or the 2.x v2 API (trixie), chosen when the C shim is compiled. Rising-edge events with their
// kernel timestamps (CLOCK_MONOTONIC since Linux 5.7); with v2, sequence-number gaps count lost edges. The chip is found by label (e.g. "pinctrl-bcm2711",
// "pinctrl-rp1" on a Pi 5: the 40-pin header's chip number differs between models and kernels), by name
// ("gpiochip0"), by number or by path. The event fd is exposed so the device loop can include it in its one
// ppoll; after ppoll reports it readable, consume edges with `waitForEdge(timeoutNanoseconds: 0)` until it
// returns `.timeout` (one kernel read may bring several edges, kept here).

import CVigilLinux
import VigilSensors

/// A GPIO line requested for rising-edge events.
///
/// A value owns the chip and the line request: open it once, do not copy it after opening, `close()` once.
public struct GPIOEdgeLine: DataReadyLine {
  private var state: vigil_gpio_line

  /// Requests line `offset` of `chip` for rising-edge events under the consumer name `consumer` (shown by
  /// `gpioinfo`).
  /// - Parameter chip: NUL-terminated label, name ("gpiochip0"), number ("0") or path ("/dev/gpiochip0").
  /// - Throws: `noDevice` (no such chip or label, or no such line), `permission` (not in the `gpio` group),
  ///   `busy` (the line is requested by another consumer or a kernel driver).
  public init(chip: UnsafePointer<CChar>, offset: UInt32, consumer: StaticString) throws(BusError) {
    state = vigil_gpio_line()
    let consumerName = UnsafeRawPointer(consumer.utf8Start).assumingMemoryBound(to: CChar.self)
    let r = vigil_gpio_open(&state, chip, offset, consumerName)
    if let e = BusError.check(r) {
      // libgpiod reports an offset past the chip's lines as EINVAL: that line does not exist.
      throw r == -Int32(VIGIL_EINVAL) ? .noDevice : e
    }
  }

  /// The libgpiod API the shim was compiled for: 1 (libgpiod 1.x) or 2 (2.x).
  public static var libgpiodAPI: Int { Int(vigil_gpio_api()) }

  /// The line-event file descriptor (readable when the kernel holds an edge); −1 after `close()`.
  public var fileDescriptor: Int32 { state.fd }

  /// Edges read from the kernel but not yet consumed by `waitForEdge` (they do not make the fd readable).
  public var queuedEdges: Int { Int(state.queued &- state.next) }

  /// Waits up to `timeoutNanoseconds` (0: only check) for the next rising edge and consumes it.
  public mutating func waitForEdge(timeoutNanoseconds: UInt64) throws(BusError) -> EdgeWait {
    var timestamp: UInt64 = 0
    let r = vigil_gpio_wait(&state, timeoutNanoseconds, &timestamp)
    if let e = BusError.check(r) { throw e }
    return r == 1 ? .edge(timestampNanoseconds: timestamp) : .timeout
  }

  /// Edges the kernel dropped since the last call. libgpiod 2.x (v2 API): the gaps in the line's edge
  /// sequence numbers (the kernel's event buffer overflowed). Always 0 with libgpiod 1.x (v1 API), whose
  /// kernel buffer drops new edges without a trace: drivers catch the consequence instead (FIFO overrun, a
  /// timed drain when no edge comes).
  public mutating func takeLostEdges() -> UInt32 {
    let n = state.lost
    state.lost = 0
    return n
  }

  /// CLOCK_MONOTONIC in nanoseconds: the clock of the edge timestamps.
  public func now() -> UInt64 { vigil_monotonic_ns() }

  /// Releases the line and closes the chip (idempotent).
  public mutating func close() { vigil_gpio_close(&state) }
}
