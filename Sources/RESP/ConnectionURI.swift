/// A node and the credentials to reach it, as one connection string:
/// `redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]`, as redis-cli's `-u` reads it.
///
/// `rediss://` asks for TLS; valkey-cli's `valkey://` and `valkeys://` mean the same. The user and
/// password may be percent-encoded (`p%40ss` for `p@ss`); without a port it is 6379. A database
/// other than 0 is refused: a cluster keeps its keys in database 0.
public struct ConnectionURI: Sendable, Hashable, CustomStringConvertible {
    /// The node.
    public var address: NodeAddress
    /// The ACL user; `nil` when none is given (`redis://:pass@…`, `redis://pass@…`).
    public var username: String?
    /// The password; `nil` when none is given.
    public var password: String?
    /// Whether the scheme asks for TLS (`rediss`, `valkeys`).
    public var tls: Bool

    /// The schemes, each with whether it asks for TLS.
    static let schemes: [(name: String, tls: Bool)] = [("redis", false), ("rediss", true), ("valkey", false), ("valkeys", true)]

    /// Whether `text` starts like a connection string (`SCHEME://`), so that it should be read as one.
    public static func looksLikeURI(_ text: String) -> Bool {
        schemeSeparator(in: text[...]) != nil
    }

    /// Parses a connection string.
    ///
    /// - Throws: ``NodeAddressError`` naming the text and what was expected (without the password).
    public init(parsing text: String) throws(NodeAddressError) {
        let shown = Self.hidingPassword(text)
        guard let separator = Self.schemeSeparator(in: text[...]) else {
            throw NodeAddressError(text: shown, reason: "expected redis://[USER:PASSWORD@]HOST:PORT or rediss://… for TLS")
        }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard let known = Self.schemes.first(where: { $0.name == scheme }) else {
            throw NodeAddressError(text: shown, reason: "the scheme '\(scheme)' is not redis, rediss, valkey or valkeys")
        }
        tls = known.tls
        var rest = text[separator.upperBound...]
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                let user = try Self.percentDecoded(userInfo[..<colon], in: shown)
                username = user.isEmpty ? nil : user
                password = try Self.percentDecoded(userInfo[userInfo.index(after: colon)...], in: shown)
            } else {
                username = nil
                password = try Self.percentDecoded(userInfo, in: shown)
            }
        } else {
            username = nil
            password = nil
        }
        var hostAndPort = rest
        if let slash = rest.firstIndex(of: "/") {
            hostAndPort = rest[..<slash]
            let database = rest[rest.index(after: slash)...]
            guard database.isEmpty || database == "0" else {
                throw NodeAddressError(text: shown, reason: "the database '\(database)' is not 0: a cluster keeps its keys in database 0")
            }
        }
        let hasPort = hostAndPort.hasPrefix("[") ? hostAndPort.contains("]:") : hostAndPort.contains(":")
        address = try NodeAddress(parsing: hasPort ? String(hostAndPort) : "\(hostAndPort):6379")
    }

    /// Where the passwords of connection strings are in `text` (`pw` in `redis://user:pw@host:7000`,
    /// all of `pw` in `redis://pw@host`). A string runs from its `://` to the next white space or
    /// double quote, so a password with `,;()'` in it is found whole.
    static func passwordRanges(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var rest = text[...]
        while let separator = schemeSeparator(in: rest) {
            let end = text[separator.upperBound...].firstIndex { $0.isWhitespace || $0 == "\"" } ?? text.endIndex
            if let at = text[separator.upperBound..<end].lastIndex(of: "@") {
                let userInfo = text[separator.upperBound..<at]
                let start = userInfo.firstIndex(of: ":").map { text.index(after: $0) } ?? userInfo.startIndex
                if start < at {
                    ranges.append(start..<at)
                }
            }
            rest = text[end...]
        }
        return ranges
    }

    /// `SCHEME://[USER:***@]HOST:PORT`: never the password.
    public var description: String {
        let scheme = tls ? "rediss" : "redis"
        let credentials = password == nil ? (username.map { "\($0)@" } ?? "") : "\(username ?? ""):***@"
        return "\(scheme)://\(credentials)\(address)"
    }

    /// `text` with the password between `:` and `@` (or before `@`) shown as `***`.
    static func hidingPassword(_ text: String) -> String {
        guard let separator = schemeSeparator(in: text[...]), let at = text[separator.upperBound...].lastIndex(of: "@") else { return text }
        let userInfo = text[separator.upperBound..<at]
        let user = userInfo.firstIndex(of: ":").map { userInfo[..<$0] + ":" } ?? ""
        return text[..<separator.upperBound] + user + "***" + text[at...]
    }

    /// Where `://` is in `text`, if anywhere.
    private static func schemeSeparator(in text: Substring) -> Range<String.Index>? {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix("://") {
                return index..<text.index(index, offsetBy: 3)
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// `part` with `%XX` sequences decoded as UTF-8.
    private static func percentDecoded(_ part: Substring, in shown: String) throws(NodeAddressError) -> String {
        var bytes: [UInt8] = []
        var index = part.utf8.startIndex
        let utf8 = part.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                index = utf8.index(after: index)
                continue
            }
            let high = utf8.index(after: index)
            guard high < utf8.endIndex, utf8.index(after: high) < utf8.endIndex,
                let value = UInt8(String(decoding: [utf8[high], utf8[utf8.index(after: high)]], as: UTF8.self), radix: 16)
            else {
                throw NodeAddressError(text: shown, reason: "a '%' in the user or password must be followed by two hex digits")
            }
            bytes.append(value)
            index = utf8.index(high, offsetBy: 2)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
