// The segment index `vigil record` writes (`<output>.segments.csv`): one `time_s,frames` row per stretch of
// frames without a gap (a FIFO overrun starts a new one), each written to the file as it closes, so a long or
// overrun-ridden recording has every row (a fixed buffer would cut the index short), and no row holds more
// than 2^20 frames, what vigil-sim (`RecordingLimits.maxSegmentFrames`) and vigil-replay read: a longer
// stretch continues in the next row, at the time its first frame was measured (frames / ODR later, no gap).

import CVigilIO

/// The rows of a recording's segment index, streamed to `fd` (unbuffered: rows are rare).
struct SegmentIndexFile {
  /// The most frames one row may hold.
  static let maxRowFrames: UInt64 = 1_048_576     // 2^20 (a 64-bit shift would need a words array on 32-bit ARM)
  let fd: Int32
  let odrMilliHz: UInt64
  /// The recording's first frame's time and the open row's (ns, the data-ready line's clock).
  var start: UInt64 = 0, rowStart: UInt64 = 0
  /// Frames in the open row.
  var rowFrames: UInt64 = 0
  /// Rows written.
  private(set) var rows = 0
  /// The first failed write: 0 or −errno.
  private(set) var error: Int32 = 0

  /// Writes the header line.
  init(fd: Int32, odrMilliHz: UInt32) {
    self.fd = fd; self.odrMilliHz = UInt64(_truncatingBits: UInt(odrMilliHz))
    var header = TextLine("time_s,frames")
    error = Swift.min(0, header.writeLine(to: fd))
  }

  /// The recording starts at `time`.
  mutating func begin(at time: UInt64) { start = time; rowStart = time }

  /// `n` more frames, contiguous with the ones before.
  mutating func add(_ n: UInt64) {
    rowFrames &+= n
    while rowFrames > Self.maxRowFrames {
      let rest = rowFrames &- Self.maxRowFrames
      rowFrames = Self.maxRowFrames
      close()
      rowStart &+= Self.maxRowFrames &* 1_000_000_000_000 / Swift.max(1, odrMilliHz)
      rowFrames = rest
    }
  }

  /// A gap (an overrun): the open row ends; the next starts at `time`.
  mutating func gap(nextAt time: UInt64) { close(); rowStart = time }

  /// Writes the open row, if it holds frames.
  mutating func close() {
    guard rowFrames > 0 else { return }
    var row = TextLine()
    row.put(ratio: Int64(bitPattern: (rowStart &- start) / 1_000_000), over: 1000, fractionDigits: 3)
    row.put(","); row.put(decimal: rowFrames)
    let r = row.writeLine(to: fd)
    if r < 0 && error == 0 { error = r }
    rows &+= 1; rowFrames = 0
  }
}
