// The durable outbox: every event the device emits gets the next per-device sequence number and is
// appended to `<state_directory>/outbox` and fdatasync'ed BEFORE it is handed to MQTT; it leaves the outbox
// when the broker's PUBACK for it arrives. On start the file is replayed, so what was not acknowledged
// before a broker outage, a `kill -9` or a power cut is published again. Receivers de-duplicate on
// (device, seq): an event can arrive twice (sent, then the PUBACK was lost), never not at all, unless it
// was dropped (below) — and then the heartbeat says so.
//
// File: text records, one per line (the payloads are single-line JSON):
//   N <next seq>\n          first record after a compaction: sequence numbers are never reused
//   E <seq> <payload>\n     an event (fdatasync'ed before publishing)
//   A <seq>\n               acknowledged (PUBACK) or dropped: no longer pending (not synced: a lost A record
//                           only means one more duplicate)
// A torn last record (power cut mid-append) is skipped. The file is compacted (rewritten with only the
// pending events, fsync'ed, renamed over the old one) when it passes 64 KiB, or 4 KiB with nothing pending.
//
// Bounded: at most `outbox_max_events` (≤ `outboxCapacity`) pending events. Drop order when full: the
// oldest pending heartbeat first; only when none is left, the oldest alert event (raise, escalate, clear).
// Drops are counted per kind and published in every heartbeat (`dropped_heartbeats`, `dropped_alerts`).
//
// Storage is static: `outboxCapacity` slots of `outboxSlotBytes` payload bytes; nothing is allocated.

import CVigilIO
import CVigilTransport

/// Most events the outbox can hold (the upper bound of `outbox_max_events`).
public let outboxCapacity = 128
/// Largest payload, bytes (an event line with device id, seq and the heartbeat's counters is < 700).
public let outboxSlotBytes = 768

/// One pending event.
struct OutboxEntry {
  var seq: UInt32 = 0
  var heartbeat = false
  var length: UInt16 = 0
  /// Payload slot in `outboxPayloads`.
  var slot: UInt8 = 0
  /// The MQTT message id while libmosquitto holds it (0: not handed over yet).
  var mid: Int32 = 0
}

nonisolated(unsafe) var outboxPayloads = InlineArray<98304, UInt8>(repeating: unfoldedZero())   // 128 × 768
nonisolated(unsafe) var outboxEntries = InlineArray<128, OutboxEntry>(repeating: OutboxEntry())
nonisolated(unsafe) var outboxRecord = InlineArray<1024, UInt8>(repeating: unfoldedZero())

/// The outbox's bookkeeping (entries in sequence order, the file, the counters).
struct Outbox {
  var fd: Int32 = -1
  var path = FixedPath()
  var newPath = FixedPath()
  var fileSize: UInt64 = 0
  /// Pending events (outboxEntries[0 ..< count], oldest first).
  var count = 0
  var maxEvents = outboxCapacity
  var nextSeq: UInt32 = 1
  var slotUsed = InlineArray<128, Bool>(repeating: false)
  var droppedHeartbeats: UInt32 = 0
  var droppedAlerts: UInt32 = 0
  /// Appends or compactions that failed (disk full, file-size limit, I/O error): the event stays in memory
  /// and is still published, only not durable; every later append and compaction tries the file again.
  var writeErrors: UInt32 = 0
  /// Events found pending in the file at start.
  var replayed = 0

  /// Opens `<directory>/outbox` and replays it: 0, or −errno (the folder is missing or not writable).
  mutating func open(directory: FixedPath, maxEvents: Int) -> Int32 {
    self.maxEvents = min(max(1, maxEvents), outboxCapacity)
    var p = TextLine(); p.put(directory); p.put("/outbox")
    guard let op = p.withBytes({ FixedPath($0) }) else { return -36 }   // ENAMETOOLONG
    path = op
    p.put(".new")
    guard let np = p.withBytes({ FixedPath($0) }) else { return -36 }
    newPath = np
    fd = path.withCString { vigil_outbox_open($0) }
    if fd < 0 { let e = fd; fd = -1; return e }
    replay()
    replayed = count
    compact()
    return 0
  }

  /// Reads every record of the file; what is pending afterwards is what was never acknowledged.
  private mutating func replay() {
    var offset: UInt64 = 0
    while true {
      let n = withRecord { q in vigil_outbox_read(fd, q, 1024, offset) }
      if n <= 0 { break }
      let got = Int(n)
      let line = withRecord { q -> Int in
        var i = 0
        while i < got && q[i] != 10 { i &+= 1 }
        return i
      }
      if line == got {
        if got < 1024 { break }                       // a torn last record: ignored (compaction drops it)
        // An over-long line is not ours: skip to the next newline.
        offset &+= u64(got); continue
      }
      withRecord { q in parseRecord(UnsafeBufferPointer(start: q, count: line)) }
      offset &+= u64(line &+ 1)
    }
  }

  private mutating func parseRecord(_ r: UnsafeBufferPointer<UInt8>) {
    guard r.count >= 3, r[1] == 32 else { return }
    var i = 2
    var v: UInt32 = 0, digits = 0
    while i < r.count && r[i] >= 48 && r[i] <= 57 && digits < 10 { v = v &* 10 &+ UInt32(r[i] &- 48); i &+= 1; digits &+= 1 }
    guard digits > 0 else { return }
    switch r[0] {
    case 78:                                           // N
      if v > nextSeq { nextSeq = v }
    case 65:                                           // A
      if let k = index(of: v) { remove(at: k) }
    case 69:                                           // E
      guard i < r.count, r[i] == 32 else { return }
      let payload = UnsafeBufferPointer(rebasing: r[(i &+ 1)...])
      guard payload.count > 0, payload.count <= outboxSlotBytes else { return }
      if v >= nextSeq { nextSeq = v &+ 1 }
      // A heartbeat's payload starts {"device":...,"seq":N,"kind":"heartbeat"
      let hb = contains(payload, "\"kind\":\"heartbeat\"")
      if count >= maxEvents { dropOne() }
      insert(seq: v, heartbeat: hb, payload)
    default:
      return
    }
  }

  /// Adds an event with sequence number `seq` (= `nextSeq`, which advances): appended and fdatasync'ed
  /// (with the A record of an event dropped to make room) before it returns.
  mutating func add(_ payload: UnsafeBufferPointer<UInt8>, heartbeat: Bool) {
    let seq = nextSeq
    nextSeq &+= 1
    var dropped: UInt32? = nil
    if count >= maxEvents { dropped = dropOne() }
    insert(seq: seq, heartbeat: heartbeat, payload)
    // The record: [A <dropped>\n] E <seq> <payload>\n
    var n = 0
    withRecord { q in
      if let d = dropped { q[0] = 65; q[1] = 32; n = 2; n = putDecimal(d, q, n); q[n] = 10; n &+= 1 }
      q[n] = 69; q[n &+ 1] = 32; n &+= 2
      n = putDecimal(seq, q, n)
      q[n] = 32; n &+= 1
      for b in payload where n < 1023 { q[n] = b; n &+= 1 }
      q[n] = 10; n &+= 1
    }
    write(count: n, sync: true)
    if fileSize > 65536 { compact() }
  }

  /// The PUBACK of the event with sequence number `seq`: it leaves the outbox.
  mutating func acknowledge(_ seq: UInt32) {
    guard let k = index(of: seq) else { return }
    remove(at: k)
    var n = 0
    withRecord { q in q[0] = 65; q[1] = 32; n = putDecimal(seq, q, 2); q[n] = 10; n &+= 1 }
    write(count: n, sync: false)
    if fileSize > 65536 || (count == 0 && fileSize > 4096) { compact() }
  }

  /// Drops one event by the documented order (the oldest heartbeat, else the oldest event); its seq.
  @discardableResult
  private mutating func dropOne() -> UInt32 {
    var k = 0
    while k < count && !outboxEntries[k].heartbeat { k &+= 1 }
    if k == count { k = 0; droppedAlerts &+= 1 } else { droppedHeartbeats &+= 1 }
    let seq = outboxEntries[k].seq
    remove(at: k)
    return seq
  }

  private mutating func insert(seq: UInt32, heartbeat: Bool, _ payload: UnsafeBufferPointer<UInt8>) {
    var slot = 0
    while slot < outboxCapacity && slotUsed[slot] { slot &+= 1 }
    guard slot < outboxCapacity, count < outboxCapacity else { return }
    slotUsed[slot] = true
    let base = slot &* outboxSlotBytes
    let length = min(payload.count, outboxSlotBytes)
    for i in 0..<length { outboxPayloads[base &+ i] = payload[i] }
    outboxEntries[count] = OutboxEntry(seq: seq, heartbeat: heartbeat, length: UInt16(truncatingIfNeeded: length),
                                       slot: UInt8(truncatingIfNeeded: slot), mid: 0)
    count &+= 1
  }

  mutating func remove(at k: Int) {
    slotUsed[Int(outboxEntries[k].slot)] = false
    var i = k
    while i &+ 1 < count { outboxEntries[i] = outboxEntries[i &+ 1]; i &+= 1 }
    count &-= 1
  }

  func index(of seq: UInt32) -> Int? {
    for k in 0..<count where outboxEntries[k].seq == seq { return k }
    return nil
  }

  /// Calls `body` with entry `k`'s payload.
  func withPayload<R>(_ k: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    let e = outboxEntries[k]
    return withUnsafeMutablePointer(to: &outboxPayloads) { p in
      p.withMemoryRebound(to: UInt8.self, capacity: 98304) { q in
        body(UnsafeBufferPointer(start: q + Int(e.slot) &* outboxSlotBytes, count: Int(e.length)))
      }
    }
  }

  /// Rewrites the file with only the pending events (N record first), fsync'ed and renamed into place.
  mutating func compact() {
    let tmp = newPath.withCString { vigil_io_create($0) }
    guard tmp >= 0 else { writeErrors &+= 1; return }
    var ok = true
    var n = 0
    withRecord { q in q[0] = 78; q[1] = 32; n = putDecimal(nextSeq, q, 2); q[n] = 10; n &+= 1 }
    ok = withRecord { q in vigil_io_write_all(tmp, q, UInt32(n)) } == 0
    var size = u64(n)
    var k = 0
    while ok && k < count {
      let seq = outboxEntries[k].seq
      n = withPayload(k) { payload in
        withRecord { q in
          q[0] = 69; q[1] = 32
          var m = putDecimal(seq, q, 2)
          q[m] = 32; m &+= 1
          for b in payload where m < 1023 { q[m] = b; m &+= 1 }
          q[m] = 10
          return m &+ 1
        }
      }
      ok = withRecord { q in vigil_io_write_all(tmp, q, UInt32(n)) } == 0
      size &+= u64(n)
      k &+= 1
    }
    ok = ok && vigil_io_fsync(tmp) == 0
    _ = vigil_io_close(tmp)
    ok = ok && newPath.withCString({ a in path.withCString { b in vigil_io_rename(a, b) } }) == 0
    guard ok else { writeErrors &+= 1; return }
    _ = path.withCString { vigil_outbox_sync_folder($0) }
    _ = vigil_io_close(fd)
    fd = path.withCString { vigil_outbox_open($0) }
    fileSize = size
  }

  private mutating func write(count n: Int, sync: Bool) {
    guard fd >= 0 else { writeErrors &+= 1; return }
    let r = withRecord { q in vigil_outbox_append(fd, q, UInt32(n), fileSize, sync ? 1 : 0) }
    if r == 0 { fileSize &+= u64(n) } else { writeErrors &+= 1 }
  }

  mutating func close() {
    if fd >= 0 { _ = vigil_io_close(fd); fd = -1 }
  }
}

/// Calls `body` with the record buffer (1 KiB).
@inline(__always)
func withRecord<R>(_ body: (UnsafeMutablePointer<UInt8>) -> R) -> R {
  withUnsafeMutablePointer(to: &outboxRecord) { p in p.withMemoryRebound(to: UInt8.self, capacity: 1024) { body($0) } }
}

/// Writes `v` in decimal at `q[at...]`; returns the index after it.
func putDecimal(_ v: UInt32, _ q: UnsafeMutablePointer<UInt8>, _ at: Int) -> Int {
  var digits = InlineArray<10, UInt8>(repeating: 0)
  var n = 0, x = v
  repeat { digits[n] = UInt8(truncatingIfNeeded: x % 10) &+ 48; x /= 10; n &+= 1 } while x > 0
  var i = at
  while n > 0 { n &-= 1; q[i] = digits[n]; i &+= 1 }
  return i
}

/// True when `s` occurs in `bytes`.
func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ s: StaticString) -> Bool {
  let p = s.utf8Start, m = s.utf8CodeUnitCount
  guard bytes.count >= m else { return false }
  var i = 0
  while i &+ m <= bytes.count {
    var j = 0
    while j < m && bytes[i &+ j] == p[j] { j &+= 1 }
    if j == m { return true }
    i &+= 1
  }
  return false
}

/// A non-negative Int as UInt64 (without the widening conversion 32-bit ARM's Embedded build rejects).
@inline(__always)
func u64(_ n: Int) -> UInt64 { UInt64(_truncatingBits: UInt(bitPattern: n)) }
