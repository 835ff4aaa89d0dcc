// The quantized dense autoencoder: normalise → layers → reconstruction error, all integer.
//
// Q formats:
//   features in:   Int32, each in its own front-end format (FeatureVector).
//   normalised:    Int16, x = (f − mean) / std in units of 2^-10 σ (so ±32 σ), saturated:
//                  x = sat16(((f − mean) · m) >> r) with per-feature integer mantissa m (< 2^16) and shift r.
//   weights:       Int8, symmetric, one scale per output channel.
//   biases:        Int32, in units of (input scale × weight scale) of their layer.
//   accumulators:  Int32 (the loader rejects any layer whose |bias| + 32768·Σ|w| could exceed 2^31).
//   activations:   Int16, symmetric: a = sat16((acc · M) >> n), M a positive Int32 (Q31 mantissa),
//                  n in 0...62, rounded; ReLU or linear. The last layer's output has the input's scale.
//   error / score: e_i = x_i − x̂_i; score = Σ e_i² / (16 F) = mean squared error in σ², Q16.16, saturated.
// This is what TFLM / CMSIS-NN call the int16x8 scheme (int16 activations, int8 weights), without zero
// points.

/// The scale of the normalised input: 2^10 steps per standard deviation.
public let normalisedFractionBits = 10

/// The autoencoder's parameters in fixed-capacity storage (filled by `ModelFile.parse`).
public struct Autoencoder: Sendable {
  public static let maxLayers = 6
  public static let maxWidth = 128
  /// Capacity (sized for ≤ 8k parameters, and so that a 3-axis × 1024 monitor fits 32 KiB of RAM).
  public static let maxWeights = 8192
  public static let maxChannels = 384
  public static let maxFeatures = FeatureVector.capacity

  @usableFromInline var layers: InlineArray<6, DenseLayer>
  public internal(set) var layerCount: Int
  public internal(set) var featureCount: Int
  @usableFromInline var weights: InlineArray<8192, Int8>
  @usableFromInline var biases: InlineArray<384, Int32>
  @usableFromInline var multipliers: InlineArray<384, Int32>
  @usableFromInline var shifts: InlineArray<384, UInt8>
  @usableFromInline var normMean: InlineArray<120, Int32>
  @usableFromInline var normMultiplier: InlineArray<120, Int32>
  @usableFromInline var normShift: InlineArray<120, UInt8>

  public init() {
    layers = InlineArray(repeating: DenseLayer(inputs: 0, outputs: 0, relu: false, weightOffset: 0, channelOffset: 0))
    layerCount = 0; featureCount = 0
    weights = InlineArray(repeating: 0)
    biases = InlineArray(repeating: 0); multipliers = InlineArray(repeating: 0); shifts = InlineArray(repeating: 0)
    normMean = InlineArray(repeating: 0); normMultiplier = InlineArray(repeating: 0); normShift = InlineArray(repeating: 0)
  }

  /// Layer `i`'s shape.
  public func layer(_ i: Int) -> DenseLayer { layers[i] }

  /// Starts an empty network over `featureCount` features (normalisation: identity until set).
  public init(featureCount f: Int) throws(ModelError) {
    self.init()
    if f < 1 || f > Self.maxFeatures { throw .overCapacity }
    featureCount = f
  }

  /// Sets feature `i`'s normalisation: x = ((f − mean) · multiplier) >> shift, multiplier in
  /// 0...65535, shift in 1...62.
  public mutating func setNormalisation(_ i: Int, mean: Int32, multiplier: Int32, shift: Int) throws(ModelError) {
    if i < 0 || i >= featureCount { throw .malformed }
    if multiplier < 0 || multiplier > 65535 || shift < 1 || shift > 62 { throw .malformed }
    normMean[i] = mean; normMultiplier[i] = multiplier; normShift[i] = UInt8(truncatingIfNeeded: shift)
  }

  /// Appends a dense layer. `weights` holds outputs × inputs Int8 (row per output); `biases`,
  /// `multipliers` (> 0) and `shifts` (1...62) one per output. Checks capacity, shape continuity and that the
  /// Int32 accumulator cannot overflow (|bias| + 32768·Σ|w| < 2^31 for every output).
  public mutating func appendLayer(inputs: Int, outputs: Int, relu: Bool, weights w: UnsafeBufferPointer<Int8>,
                                   biases b: UnsafeBufferPointer<Int32>, multipliers m: UnsafeBufferPointer<Int32>,
                                   shifts sh: UnsafeBufferPointer<UInt8>) throws(ModelError) {
    if layerCount >= Self.maxLayers || inputs > Self.maxWidth || outputs > Self.maxWidth { throw .overCapacity }
    if inputs < 1 || outputs < 1 { throw .malformed }
    let expectedInputs = layerCount == 0 ? featureCount : layers[layerCount &- 1].outputs
    if inputs != expectedInputs { throw .malformed }
    if w.count != inputs &* outputs || b.count != outputs || m.count != outputs || sh.count != outputs { throw .malformed }
    let wOffset = layerCount == 0 ? 0 : layers[layerCount &- 1].weightOffset &+ layers[layerCount &- 1].inputs &* layers[layerCount &- 1].outputs
    let cOffset = layerCount == 0 ? 0 : layers[layerCount &- 1].channelOffset &+ layers[layerCount &- 1].outputs
    if wOffset &+ w.count > Self.maxWeights || cOffset &+ outputs > Self.maxChannels { throw .overCapacity }
    for o in 0..<outputs {
      var bound = absWide(b[o])
      for i in 0..<inputs { bound &+= absWide(Int32(w[o &* inputs &+ i])) &* 32768 }
      if bound >= 0x7FFF_FFFF { throw .malformed }
      if m[o] <= 0 || sh[o] < 1 || sh[o] > 62 { throw .malformed }
      biases[cOffset &+ o] = b[o]; multipliers[cOffset &+ o] = m[o]; shifts[cOffset &+ o] = sh[o]
    }
    for i in 0..<w.count { weights[wOffset &+ i] = w[i] }
    layers[layerCount] = DenseLayer(inputs: inputs, outputs: outputs, relu: relu, weightOffset: wOffset, channelOffset: cOffset)
    layerCount &+= 1
  }

  /// True when the network maps the features back onto themselves (the last layer outputs featureCount).
  public var isComplete: Bool { layerCount > 0 && layers[layerCount &- 1].outputs == featureCount }

  /// Normalisation of feature `i`: (mean, multiplier, shift).
  public func normalisation(_ i: Int) -> (mean: Int32, multiplier: Int32, shift: Int) {
    (normMean[i], normMultiplier[i], Int(normShift[i]))
  }
  /// Parameters of output `o` of layer `l`: weight row, bias, multiplier, shift.
  public func weight(layer l: Int, output o: Int, input i: Int) -> Int8 {
    weights[layers[l].weightOffset &+ o &* layers[l].inputs &+ i]
  }
  public func channel(layer l: Int, output o: Int) -> (bias: Int32, multiplier: Int32, shift: Int) {
    let c = layers[l].channelOffset &+ o
    return (biases[c], multipliers[c], Int(shifts[c]))
  }

  /// Normalises feature `i` into Int16 units of 2^-10 σ.
  @inline(__always) @usableFromInline
  func normalise(_ f: Int32, _ i: Int) -> Int16 {
    let d = wide(f) &- wide(normMean[i])
    return sat16(shrRound(d &* wide(normMultiplier[i]), Int(normShift[i])))
  }

  /// Runs the network on a feature vector: writes the normalised input to `input` and the reconstruction
  /// to `output` (both `featureCount` long), using `scratch` (two buffers of `maxWidth`) for hidden layers.
  @inlinable
  public func reconstruct(_ features: FeatureVector, input: UnsafeMutableBufferPointer<Int16>,
                          output: UnsafeMutableBufferPointer<Int16>, scratch: UnsafeMutableBufferPointer<Int16>) {
    let values = features.values.span     // borrow once: a subscript call per feature would copy the vector
    for i in 0..<featureCount { input[i] = normalise(values[i], i) }
    var src = UnsafeMutableBufferPointer(rebasing: input[0..<featureCount])
    var ping = true
    for l in 0..<layerCount {
      let layer = layers[l]
      let dst: UnsafeMutableBufferPointer<Int16>
      if l == layerCount &- 1 {
        dst = output
      } else {
        dst = UnsafeMutableBufferPointer(rebasing: scratch[(ping ? 0 : Self.maxWidth)..<(ping ? Self.maxWidth : 2 &* Self.maxWidth)])
        ping.toggle()
      }
      dense(layer, src, dst)
      src = dst
    }
  }

  @inline(__always) @usableFromInline
  func dense(_ layer: DenseLayer, _ x: UnsafeMutableBufferPointer<Int16>, _ y: UnsafeMutableBufferPointer<Int16>) {
    var w = layer.weightOffset
    for o in 0..<layer.outputs {
      let ch = layer.channelOffset &+ o
      var acc = biases[ch]
      for i in 0..<layer.inputs {
        acc &+= Int32(x[i]) &* Int32(weights[w &+ i])
      }
      w &+= layer.inputs
      var a = sat16(shrRound(wide(acc) &* wide(multipliers[ch]), Int(shifts[ch])))
      if layer.relu && a < 0 { a = 0 }
      y[o] = a
    }
  }

  /// Scores a window: the reconstruction error (σ², Q16.16, saturated) and its top three features.
  /// Works in about 1 KB of stack; nothing is allocated.
  @inlinable
  public func score(_ features: FeatureVector) -> Score {
    var buffer = InlineArray<496, Int16>(repeating: 0)    // 2·maxWidth + 2·maxFeatures
    var span = buffer.mutableSpan
    return span.withUnsafeMutableBufferPointer { scratch in
      let f = featureCount
      let input = UnsafeMutableBufferPointer(rebasing: scratch[0..<f])
      let output = UnsafeMutableBufferPointer(rebasing: scratch[f..<(2 &* f)])
      let work = UnsafeMutableBufferPointer(rebasing: scratch[(2 &* f)..<(2 &* f &+ 2 &* Self.maxWidth)])
      reconstruct(features, input: input, output: output, scratch: work)
      var total: Int64 = 0
      var result = Score(value: 0)
      for i in 0..<f {
        let e = Int32(input[i]) &- Int32(output[i])
        let e2 = wide(e) &* wide(e)                     // < 2^32
        total &+= e2
        result.offer(Contribution(feature: i, value: sat32(shrRound(e2, 4))))   // e²·2^16/2^20
      }
      result.value = sat32(total / (wideCount(f) &* 16))
      return result
    }
  }
}

/// Saturates an `Int64` into the `Int16` range.
@inline(__always) @usableFromInline
func sat16(_ x: Int64) -> Int16 {
  if x > 32767 { return .max }
  if x < -32768 { return .min }
  return Int16(truncatingIfNeeded: x)
}
