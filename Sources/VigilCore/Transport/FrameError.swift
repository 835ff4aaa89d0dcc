// Why a binary event frame was rejected (frame layout: see EventEncoding.swift).

/// Why a binary frame was rejected.
public enum FrameError: UInt8, Error, Sendable {
  case truncated, badMagic, unsupportedVersion, crcMismatch, badField
}
