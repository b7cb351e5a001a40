import RedisTrib

/// What a signature's list of options is made of: a ``CommandOption``, whatever the type of its value.
public protocol CommandOptionDeclaration: Sendable {
    /// The option as a signature lists it, one per spelling.
    var declarations: [CommandSignature.Option] { get }
}
