// The device program's command line: `vigil <command> [options]`, parsed from argv without building
// strings. A mistake is a `UsageError` naming the argument (exit status 64, as vigil-sim's flag errors).

public let usageText: StaticString = """
  usage: vigil <command> [options]
    vigil probe    [--bus /dev/i2c-1]            which sensor answers where, its ID, the data-ready line, the bus clock
    vigil selftest [--config F] [--seconds S]    datasheet self-test, 1 g at rest, noise floor, real ODR (PASS/FAIL)
    vigil record   --seconds S -o FILE.i16 [--config F]
                                                 raw counts + FILE.i16.segments.csv, readable by vigil-sim
    vigil run      [--config F] [--model F] [--seconds S]
                                                 the monitor: events as JSON lines on stdout
    options for every command: --config FILE (default /etc/vigil/vigil.conf), --bus PATH
  exit status: 0 ok, 1 error (config, model, sensor, bus) or a failed check, 64 usage
  """

extension Invocation {
  /// Parses `argv[1...]`.
  public static func parse(argc: Int32, argv: UnsafePointer<UnsafeMutablePointer<CChar>?>) throws(UsageError) -> Invocation {
    var inv = Invocation()
    let n = Int(argc)
    guard n >= 2, let first = argv[1] else { throw UsageError(argument: 1, reason: .noCommand) }
    let c = cBytes(first)
    if same(c, "probe") { inv.command = .probe }
    else if same(c, "selftest") { inv.command = .selftest }
    else if same(c, "record") { inv.command = .record }
    else if same(c, "run") { inv.command = .run }
    else if same(c, "--help") || same(c, "-h") || same(c, "help") { inv.command = .help; return inv }
    else if same(c, "--version") { inv.command = .version; return inv }
    else { throw UsageError(argument: 1, reason: .unknownCommand) }
    var i = 2
    while i < n {
      guard let p = argv[i] else { break }
      let a = cBytes(p)
      func value() throws(UsageError) -> UnsafeBufferPointer<UInt8> {
        guard i &+ 1 < n, let v = argv[i &+ 1] else { throw UsageError(argument: i, reason: .missingValue) }
        return cBytes(v)
      }
      func path() throws(UsageError) -> FixedPath {
        let v = try value()
        guard v.count > 0, let fp = FixedPath(v) else { throw UsageError(argument: i &+ 1, reason: .badPath) }
        return fp
      }
      if same(a, "--config") { inv.config = try path() }
      else if same(a, "--bus") { inv.bus = try path() }
      else if same(a, "--model") {
        guard inv.command == .run else { throw UsageError(argument: i, reason: .notForCommand) }
        inv.model = try path()
      } else if same(a, "-o") || same(a, "--output") {
        guard inv.command == .record else { throw UsageError(argument: i, reason: .notForCommand) }
        inv.output = try path()
      } else if same(a, "--seconds") {
        guard inv.command != .probe else { throw UsageError(argument: i, reason: .notForCommand) }
        let v = try value()
        var ms: UInt32 = 0
        do throws(ConfigFileError) { ms = try number(v, fractionDigits: 3, max: 4_000_000_000, line: 0, key: .snapshotSeconds) }
        catch { throw UsageError(argument: i &+ 1, reason: .badSeconds) }
        guard ms >= 1 else { throw UsageError(argument: i &+ 1, reason: .badSeconds) }
        inv.milliseconds = ms
      } else if same(a, "--help") || same(a, "-h") {
        inv.command = .help; return inv
      } else {
        throw UsageError(argument: i, reason: .unknownOption)
      }
      i &+= 2
    }
    if inv.command == .record {
      guard inv.milliseconds != nil else { throw UsageError(argument: n, reason: .missingSeconds) }
      guard inv.output != nil else { throw UsageError(argument: n, reason: .missingOutput) }
    }
    return inv
  }
}

/// The bytes of a NUL-terminated C string (without the NUL).
func cBytes(_ p: UnsafePointer<CChar>) -> UnsafeBufferPointer<UInt8> {
  var n = 0
  while p[n] != 0 { n &+= 1 }
  return UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: n)
}
