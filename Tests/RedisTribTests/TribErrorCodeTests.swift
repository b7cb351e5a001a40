import Foundation
import RedisTrib
import Testing

/// ``TribError/Code/all`` against the codes the sources declare.
struct TribErrorCodeTests {
    @Test func allListsEveryPublicCodeOnce() throws {
        let listed = TribError.Code.all.map(\.rawValue)
        #expect(Set(listed).count == listed.count, "a code is listed twice: \(listed)")

        // Every `public static let NAME = [TribError.]Code(rawValue: "…")` under Sources/.
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources").standardizedFileURL
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var declared: [String] = []
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            declared += text.matches(of: #/public static let \w+ = (?:TribError\.)?Code\(rawValue: "([^"]+)"\)/#).map { String($0.output.1) }
        }
        #expect(declared.contains("usage"), "the scan of \(sources.path) found no code")
        #expect(Set(declared).subtracting(listed).isEmpty, "declared but not in TribError.Code.all: \(Set(declared).subtracting(listed).sorted())")
        #expect(Set(listed).subtracting(declared).isEmpty, "in TribError.Code.all but not declared: \(Set(listed).subtracting(declared).sorted())")
    }
}
