import Foundation
import Testing
import TribLanguage
import TribTestSupport

/// docs/LANGUAGE.md names every diagnostic id the parser and the runtime declare, and lists every keyword
/// where it says what the keywords are.
@Suite struct DiagnosticDocumentTests {
    /// Every `static let NAME: DiagnosticID = "id"` of the sources, by id.
    static func declaredIDs() throws -> [String] {
        let sources = URL(fileURLWithPath: LanguageDocument.path).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let files = [
            "TribLanguage/Diagnostics/DiagnosticID.swift",
            "TribRuntime/DiagnosticID+Runtime.swift",
        ]
        var ids: [String] = []
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains(": DiagnosticID = \"") {
                ids += line.split(separator: "\"").dropFirst().prefix(1).map(String.init)
            }
        }
        return ids
    }

    @Test("docs/LANGUAGE.md names every diagnostic id declared in the sources")
    func everyIDIsDocumented() throws {
        let ids = try Self.declaredIDs()
        // The two files hold the parser's ids and the runtime's: dozens of them.
        #expect(ids.count > 40, "\(ids)")
        #expect(ids.contains("invalid-slice") && ids.contains("sample-incomplete"))
        let text = try LanguageDocument.text()
        for id in ids {
            #expect(text.contains("`\(id)`"), "docs/LANGUAGE.md does not name the diagnostic `\(id)`")
        }
    }

    @Test("the sentence of docs/LANGUAGE.md that lists the keywords lists each one")
    func keywordSentenceListsEveryKeyword() throws {
        let text = try LanguageDocument.text()
        let start = try #require(text.range(of: "**Keywords** are "))
        let end = try #require(text.range(of: ".", range: start.upperBound..<text.endIndex))
        let sentence = text[start.upperBound..<end.lowerBound]
        for keyword in Keyword.allCases {
            #expect(sentence.contains("`\(keyword.rawValue)`"), "the keyword sentence lacks `\(keyword.rawValue)`: \(sentence)")
        }
    }
}
