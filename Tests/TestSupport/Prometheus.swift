// Parses a Prometheus text-format file with the reference parser, prometheus_client's
// `text_string_to_metric_families` (Debian: python3-prometheus-client; PyPI: prometheus_client).

import Foundation

public enum Prometheus {
  /// A Python 3 that can import prometheus_client (the one on PATH, else Debian's), or nil.
  public static let python: String? = {
    for p in ["python3", "/usr/bin/python3"] {
      if let (status, _, _) = try? run([p, "-c", "import prometheus_client.parser"]), status == 0 { return p }
    }
    return nil
  }()
  public static var available: Bool { python != nil }
  public static let skipMessage = "prometheus_client not importable (apt-get install python3-prometheus-client; .ci/run installs it): skipped"

  /// Every sample of `file` as `name{label="value",...}` (labels sorted) → value, and the families'
  /// `name: type` lines; throws with the parser's message when the file does not parse.
  public static func parse(_ file: URL) throws -> (samples: [String: Double], types: [String: String]) {
    let script = """
      import json, sys
      from prometheus_client.parser import text_string_to_metric_families
      samples, types = {}, {}
      for f in text_string_to_metric_families(open(sys.argv[1]).read()):
          types[f.name] = f.type
          for s in f.samples:
              labels = ",".join('%s="%s"' % (k, v) for k, v in sorted(s.labels.items()))
              samples[s.name + ("{" + labels + "}" if labels else "")] = s.value if s.value == s.value else "NaN"
      print(json.dumps({"samples": samples, "types": types}))
      """
    let (status, out, err) = try run([python!, "-c", script, file.path])
    guard status == 0, let data = out.data(using: .utf8),
          let object = try JSONSerialization.jsonObject(with: data, options: [.allowFragments]) as? [String: Any],
          let samples = object["samples"] as? [String: Any], let types = object["types"] as? [String: String] else {
      throw ParseFailure(message: "prometheus_client rejected \(file.path): \(err)\(out)")
    }
    var values: [String: Double] = [:]
    for (k, v) in samples { values[k] = (v as? NSNumber)?.doubleValue ?? .nan }   // "NaN": not a number
    return (values, types)
  }

  public struct ParseFailure: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
  }
}
