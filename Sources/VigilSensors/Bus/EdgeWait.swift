// The sensor's interrupt output (FIFO watermark or data ready) as the host sees it: a GPIO line that
// reports rising edges with their timestamps. On Linux that is a libgpiod line-event request; the
// emulators raise it on a virtual clock.

/// What a wait on the data-ready line ended with.
public enum EdgeWait: Equatable, Sendable {
  /// A rising edge, with its monotonic timestamp in nanoseconds (CLOCK_MONOTONIC on Linux ≥ 5.7).
  case edge(timestampNanoseconds: UInt64)
  /// No edge within the timeout.
  case timeout
}
