import Foundation
import Testing
import TribLanguage

@Suite struct DiagnosticRecordTests {
    @Test func encodesTheFieldsTheExecutablePrints() throws {
        let source = SourceFile(name: "deploy.trib", text: "for n in x {\n")
        let diagnostic = try #require(Parser.parse(source).diagnostics.first)
        let record = DiagnosticRecord(diagnostic, file: source.name)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(record), as: UTF8.self)
        #expect(
            json
                == #"{"column":1,"endColumn":1,"endLine":2,"endOffset":13,"file":"deploy.trib","id":"unclosed-block","#
                + #""line":2,"message":"expected `}` to close the block","notes":[{"column":12,"endColumn":13,"endLine":1,"#
                + #""line":1,"message":"block opened here"}],"offset":13,"severity":"error"}"#
        )
        let decoded = try JSONDecoder().decode(DiagnosticRecord.self, from: Data(json.utf8))
        #expect(decoded == record)
    }

    @Test func includesTheSuggestion() throws {
        let source = SourceFile(name: "t", text: "if $a = 1 { echo }")
        let diagnostic = try #require(Parser.parse(source).diagnostics.first)
        let record = DiagnosticRecord(diagnostic, file: "t")
        #expect(record.id == "assignment-in-expression")
        #expect(record.suggestion?.replacement == "==")
        #expect(record.suggestion?.column == 7)
    }
}
