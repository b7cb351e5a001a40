import Foundation
import Testing

@testable import RedisTrib

/// The `CLUSTER NODES` texts in `Fixtures/`, read from the test bundle.
enum ClusterNodesFixture {
    /// The text of `Fixtures/<name>.txt`.
    static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }

    /// `Fixtures/<name>.txt`, parsed.
    static func topology(_ name: String) throws -> ClusterTopology {
        try ClusterTopology(parsing: text(name))
    }

    /// The names of every `.txt` fixture, without the extension, sorted.
    static func allNames() throws -> [String] {
        let files = try FileManager.default.contentsOfDirectory(at: directory(), includingPropertiesForKeys: nil)
        return files.filter { $0.pathExtension == "txt" }
            .map { $0.deletingPathExtension().lastPathComponent }
            .sorted()
    }

    private static func directory() throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil), "Fixtures is not in the test bundle")
    }

    private static func url(_ name: String) throws -> URL {
        try directory().appendingPathComponent("\(name).txt")
    }
}
