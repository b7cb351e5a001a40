import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// docs/LANGUAGE.md says what the declarations of keywords and of the attributes of nodes and other values say.
@Suite struct DeclarationDocumentTests {
    @Test("docs/LANGUAGE.md's table of node attributes is the declaration's")
    func attributeTable() throws {
        let text = try LanguageDocument.text()
        #expect(text.contains("\n" + NodeAttribute.documentationTable + "\n"), "expected in docs/LANGUAGE.md:\n\(NodeAttribute.documentationTable)")
    }

    @Test("docs/LANGUAGE.md's table of the attributes of other values is the declaration's")
    func valueAttributeTable() throws {
        let text = try LanguageDocument.text()
        #expect(text.contains("\n" + ValueAttribute.documentationTable + "\n"), "expected in docs/LANGUAGE.md:\n\(ValueAttribute.documentationTable)")
    }

    @Test("docs/LANGUAGE.md lists every keyword, and its table of statements has each statement keyword's form")
    func keywords() throws {
        let text = try LanguageDocument.text()
        let tableRows = text.split(separator: "\n").filter { $0.hasPrefix("| ") }
        for keyword in Keyword.allCases {
            #expect(text.contains("`\(keyword.rawValue)`"), "docs/LANGUAGE.md does not name the keyword \(keyword)")
            if !keyword.isLiteral {
                #expect(tableRows.contains { $0.contains("`\(keyword.usage)`") }, "the statements table lacks `\(keyword.usage)`")
            }
        }
    }
}
