// The sensor's interrupt output (FIFO watermark or data ready) as the host sees it: a GPIO line that
// reports rising edges with their timestamps. On Linux that is a libgpiod line-event request; the
// emulators raise it on a virtual clock.

/// A data-ready (interrupt) line.
public protocol DataReadyLine {
  /// Waits up to `timeoutNanoseconds` (0: just check) for the next rising edge and consumes it.
  mutating func waitForEdge(timeoutNanoseconds: UInt64) throws(BusError) -> EdgeWait

  /// Edges the platform knows were lost since the last call (libgpiod v2 sequence-number gaps, a kernel
  /// event-buffer overflow); 0 where the platform cannot tell.
  mutating func takeLostEdges() -> UInt32

  /// The current monotonic time in nanoseconds, on the same clock as the edge timestamps.
  func now() -> UInt64
}
