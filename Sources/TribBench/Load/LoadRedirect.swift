import RESP
import RedisTrib

/// A cluster's redirection in an error reply, as a cluster client follows it.
enum LoadRedirect: Equatable, Sendable {
    /// `MOVED SLOT HOST:PORT`: the slot lives there now; the client updates its map.
    case moved(slot: Int, to: NodeAddress)
    /// `ASK SLOT HOST:PORT`: this one request goes there, after `ASKING`; the map stays.
    case ask(slot: Int, to: NodeAddress)

    /// The redirection an error message asks for, or `nil` when it is another error.
    static func parse(_ message: String) -> LoadRedirect? {
        let words = message.split(separator: " ")
        guard words.count == 3, let slot = Int(words[1]), (0..<HashSlot.count).contains(slot),
            let address = try? NodeAddress(parsing: String(words[2]))
        else { return nil }
        switch words[0] {
        case "MOVED": return .moved(slot: slot, to: address)
        case "ASK": return .ask(slot: slot, to: address)
        default: return nil
        }
    }

    /// The kind of an error message that is no redirection, for the error counts: its first word
    /// (`CLUSTERDOWN`, `TRYAGAIN`, `LOADING`), or `error` when it has none.
    static func errorKind(_ message: String) -> String {
        message.split(separator: " ").first.map(String.init) ?? "error"
    }
}
