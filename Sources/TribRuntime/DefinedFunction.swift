import TribLanguage

/// A function a script defined with `def`, and the file its body is in (for its diagnostics and
/// the `source` paths in it).
public struct DefinedFunction: Sendable {
    /// What `def` said.
    public let definition: FunctionDefinition
    /// The file it was defined in.
    public let file: SourceFile

    /// How help shows it: `drain(host, limit)`, defined in FILE at LINE.
    public var summary: String {
        "a function of the script, defined at \(file.name):\(definition.range.start)"
    }
}
