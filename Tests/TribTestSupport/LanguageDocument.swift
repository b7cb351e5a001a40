import Foundation

/// docs/LANGUAGE.md, read by the tests that check what it says: its example script is run by the
/// parser, runtime and integration tests from there, not from copies.
public enum LanguageDocument {
    /// The document's path, from this file's place in the repository.
    public static var path: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/LANGUAGE.md").path
    }

    /// The whole document.
    public static func text() throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    /// The example at the top: the first fenced block, with its final newline.
    public static func exampleScript() throws -> String {
        let blocks = try text().components(separatedBy: "```")
        guard blocks.count > 2 else { throw MissingExample(path: path) }
        // The block starts after the fence's line (an info string would be on it).
        let block = blocks[1]
        return String(block[(block.firstIndex(of: "\n").map(block.index(after:)) ?? block.startIndex)...])
    }

    /// No fenced block in the document.
    public struct MissingExample: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path) has no fenced example block" }
    }
}
