import Foundation
import Testing

/// Compares output with an expected file kept in `Tests/TribCLITests/Golden/`, showing a line diff
/// on a mismatch.
///
/// When help text or wording changes on purpose, re-record every expected file with one command,
/// then read the changes in `git diff Tests/TribCLITests/Golden`:
///
/// ```
/// REDIS_TRIB_RECORD=1 swift test --filter TribCLITests
/// ```
///
/// While recording, each file is written with what the test produced and the comparison passes.
enum GoldenFile {
    /// The folder of the expected files, beside this source file.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// Whether this run records instead of comparing (`REDIS_TRIB_RECORD=1`).
    static var recording: Bool {
        ProcessInfo.processInfo.environment["REDIS_TRIB_RECORD"] == "1"
    }

    /// Expects `actual` to equal the file `name` in ``folder`` (a line break is added at the end of both).
    static func expect(_ actual: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = folder.appendingPathComponent(name)
        let actual = actual.hasSuffix("\n") ? actual : actual + "\n"
        if recording {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url)
            } catch {
                Issue.record("cannot record \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("no expected file \(name); record it with REDIS_TRIB_RECORD=1 swift test --filter TribCLITests", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard actual != expected else { return }
        let changes = diff(from: expected, to: actual)
        Issue.record(
            "\(name) differs (- expected, + actual; re-record with REDIS_TRIB_RECORD=1 swift test --filter TribCLITests):\n\(changes)",
            sourceLocation: sourceLocation
        )
    }

    /// The lines that differ between `old` and `new`, `-` for a line only in `old` and `+` for
    /// one only in `new`, each with its line number.
    static func diff(from old: String, to new: String) -> String {
        let oldLines = old.split(separator: "\n", omittingEmptySubsequences: false)
        let newLines = new.split(separator: "\n", omittingEmptySubsequences: false)
        let changes = newLines.difference(from: oldLines)
        var lines: [(line: Int, sign: Character, text: Substring)] = []
        for change in changes {
            switch change {
            case .remove(let offset, let element, _): lines.append((offset + 1, "-", element))
            case .insert(let offset, let element, _): lines.append((offset + 1, "+", element))
            }
        }
        return lines.sorted { ($0.line, $0.sign == "+" ? 1 : 0) < ($1.line, $1.sign == "+" ? 1 : 0) }
            .map { "\($0.sign) \($0.line): \($0.text)" }
            .joined(separator: "\n")
    }
}
