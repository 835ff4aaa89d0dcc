// Generated files are checked: Tables.swift must be exactly what Tables.py writes today.

import Foundation
import Testing
import TestSupport

@Suite("Generated files")
struct GeneratedTablesTests {
  @Test("Sources/VigilCore/Support/Tables.swift equals a fresh run of Tables.py",
        .enabled(if: CrossTools.which("python3"), "python3 not installed (apt-get install python3) — skipped"))
  func tablesAreUpToDate() throws {
    let (status, fresh, err) = try run(["python3", Paths.root.appendingPathComponent("Sources/VigilCore/Support/Tables.py").path])
    #expect(status == 0, "Tables.py failed: \(err)")
    let committed = try String(contentsOf: Paths.root.appendingPathComponent("Sources/VigilCore/Support/Tables.swift"), encoding: .utf8)
    let freshLines = fresh.split(separator: "\n", omittingEmptySubsequences: false)
    let committedLines = committed.split(separator: "\n", omittingEmptySubsequences: false)
    let firstDifference = zip(freshLines, committedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
    #expect(fresh == committed, """
      Tables.swift differs from Tables.py's output (line \((firstDifference ?? min(freshLines.count, committedLines.count)) + 1)): \
      regenerate with python3 Sources/VigilCore/Support/Tables.py > Sources/VigilCore/Support/Tables.swift
      """)
  }
}
