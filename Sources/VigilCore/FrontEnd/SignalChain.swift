// Per-axis signal chain ahead of the window: DC blocker → biquad cascade → decimator
// (anti-alias biquad cascade, then keep every M-th sample). Q31 throughout.

/// The filter states of one axis: everything a sample passes through before it enters the window.
public struct SignalChain: Sendable {
  @usableFromInline var dc = DCBlocker()
  @usableFromInline var filter = BiquadState()
  @usableFromInline var antiAlias = BiquadState()
  @usableFromInline var phase = 0
  public init() {}

  /// Pushes one Q31 sample through the chain described by `config`. Returns the Q31 output sample, or
  /// `nil` when the decimator drops this one (it keeps samples 0, M, 2M, ... of the filtered stream).
  @inline(__always)
  public mutating func process(_ input: Int32, config: borrowing FrontEndConfig) -> Int32? {
    var x = input
    if config.dcBlockerPole != 0 { x = dc.process(x, pole: config.dcBlockerPole) }
    if config.filter.count > 0 { x = filter.process(x, through: config.filter) }
    if config.decimation > 1 {
      x = antiAlias.process(x, through: config.antiAlias)
      let keep = phase == 0
      phase &+= 1
      if phase == config.decimation { phase = 0 }
      return keep ? x : nil
    }
    return x
  }
}
