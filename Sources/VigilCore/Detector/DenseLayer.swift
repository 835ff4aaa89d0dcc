// One dense layer of the autoencoder: its shape, activation and where its int8 weights and per-channel
// parameters sit in the model's storage (Q formats: see Autoencoder.swift).

/// One dense layer's shape and where its parameters sit in the model's storage.
public struct DenseLayer: Sendable {
  public var inputs: Int
  public var outputs: Int
  public var relu: Bool
  @usableFromInline var weightOffset: Int
  @usableFromInline var channelOffset: Int
  public init(inputs: Int, outputs: Int, relu: Bool, weightOffset: Int, channelOffset: Int) {
    self.inputs = inputs; self.outputs = outputs; self.relu = relu
    self.weightOffset = weightOffset; self.channelOffset = channelOffset
  }
}
