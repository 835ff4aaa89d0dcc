// The band layout: up to 32 contiguous bands over the FFT bins of one window length.

/// Up to 32 contiguous bands over the FFT bins: band b covers bins `edges[b] ..< edges[b + 1]`.
///
/// Edges are FFT bin indices, so a layout belongs to one window length N (and sample rate). The host
/// computes log-spaced or mel-like layouts in Hz and converts them to bins (`VigilHost.BandPlan`).
public struct BandLayout: Sendable {
  /// The most bands a layout can hold.
  public static let capacity = 32
  @usableFromInline var edges: InlineArray<33, UInt16>
  /// The number of bands.
  public private(set) var count: Int

  /// No bands: the layout of a stage that is switched off.
  public init() { edges = InlineArray(repeating: 0); count = 0 }

  /// A layout from `count + 1` strictly increasing bin edges.
  public init(edges source: UnsafeBufferPointer<UInt16>) throws(ConfigError) {
    if source.count < 2 { throw .noBands }
    if source.count > Self.capacity &+ 1 { throw .tooManyBands }
    edges = InlineArray(repeating: 0)
    for i in 0..<source.count {
      if i > 0 && source[i] <= source[i &- 1] { throw .bandEdgesNotIncreasing }
      edges[i] = source[i]
    }
    count = source.count &- 1
  }

  /// First bin of band `b`.
  public func lowerBin(_ b: Int) -> Int { Int(edges.span[b]) }   // span: borrow, never copy the layout
  /// One past the last bin of band `b`.
  public func upperBin(_ b: Int) -> Int { Int(edges.span[b &+ 1]) }

  /// Checks the layout against a window length N (the last edge may be at most N/2 + 1).
  public func validate(windowLength n: Int) throws(ConfigError) {
    if Int(edges[count]) > (n &>> 1) &+ 1 { throw .bandEdgeBeyondNyquist }
  }
}
