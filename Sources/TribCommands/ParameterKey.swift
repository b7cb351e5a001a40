import RESP
import RedisTrib

/// The typed name of a positional parameter: what a signature declares it with
/// (``CommandSignature/Parameter/init(_:_:optionName:optional:anyClusterNode:)``) and what a command
/// reads its value with (`try arguments[CommandCatalog.source]`), so a misspelt name does not compile
/// and a value is read as the type it was parsed into.
///
/// Made only by the factories below, each of which pairs a ``CommandSignature/Parameter/Kind`` with
/// the type its words are parsed into.
public struct ParameterKey<Value: Sendable>: Sendable {
    /// The name shown in usage: `NODE`, `SLOT`.
    public let name: String
    /// What kind of words it takes.
    public let kind: CommandSignature.Parameter.Kind

    private init(_ name: String, _ kind: CommandSignature.Parameter.Kind) {
        self.name = name
        self.kind = kind
    }
}

extension ParameterKey where Value == NodeAddress {
    /// One node: `HOST:PORT`, or its id or a unique prefix of it, read as the address the cluster lists it at.
    public static func address(_ name: String) -> Self { Self(name, .address) }
}

extension ParameterKey where Value == [NodeAddress] {
    /// One or more nodes, each `HOST:PORT` or an id or prefix, in the order given.
    public static func addresses(_ name: String) -> Self { Self(name, .addresses) }
}

extension ParameterKey where Value == String {
    /// One node by its id or a unique prefix of it (at least 8 hex digits), read as given in lower
    /// case: a node that may not answer, which the command matches among the nodes of the cluster itself.
    public static func nodeID(_ name: String) -> Self { Self(name, .nodeID) }
}

extension ParameterKey where Value == SlotSet {
    /// One or more slots or ranges (`5`, `4-7`), collected into one slot set.
    public static func slots(_ name: String) -> Self { Self(name, .slots) }
}

extension ParameterKey where Value == [String] {
    /// The rest of the line, word for word (a command to run).
    public static func words(_ name: String) -> Self { Self(name, .words) }
}

extension ParameterKey where Value == String {
    /// One word from a fixed list (`start`, `status`, `stop`).
    public static func choice(_ name: String, _ choices: [String]) -> Self { Self(name, .choice(choices)) }
}

extension ParameterKey where Value == Int {
    /// One whole number within `range`.
    public static func integer(_ name: String, in range: ClosedRange<Int>) -> Self { Self(name, .integer(range)) }
}

extension ParameterKey where Value == String {
    /// One word, taken as it is (a folder).
    public static func text(_ name: String) -> Self { Self(name, .text) }
}
