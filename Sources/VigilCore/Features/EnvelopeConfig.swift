// The envelope stage's settings (Envelope.swift): the carrier band of the window's spectrum and the bands of
// the envelope's spectrum. Stored in a model's version-3 front-end section.

/// The envelope stage's settings: the carrier band (bins of the window's spectrum) and the bands of the
/// envelope's spectrum.
public struct EnvelopeConfig: Sendable {
  /// First bin of the carrier band: bins `carrierBin ..< carrierBin + width` of the window's spectrum.
  public var carrierBin: Int
  /// log2 of the carrier band's width W in bins (4...6: W = 16, 32 or 64); the envelope spectrum reaches
  /// W cycles per window.
  public var log2Width: Int
  /// Bands over the bins of the 2W-point envelope spectrum (bin k = k cycles per window, edges <= W + 1).
  public var bands: BandLayout

  /// The carrier band's width W in bins.
  public var width: Int { 1 &<< log2Width }

  /// An envelope stage (checked by `FrontEndConfig.validate`).
  public init(carrierBin: Int, log2Width: Int, bands: BandLayout) {
    self.carrierBin = carrierBin; self.log2Width = log2Width; self.bands = bands
  }

  /// No envelope stage (no bands).
  public init() { carrierBin = 0; log2Width = 0; bands = BandLayout() }

  /// Smallest and largest log2 of the carrier band's width.
  public static let log2WidthRange = 4...6
}
