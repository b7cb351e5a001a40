import RESP

/// Reads the text of a `CLUSTER NODES` reply (or a `nodes.conf` file) into ``ClusterNode`` values.
///
/// Each line is `id ip:port@cport[,hostname[,key=value…]] flags master ping-sent pong-received
/// config-epoch link-state slot…`, as Redis 3.x through 7.x and Valkey 8 and 9 print it:
/// - the address may lack `@cport` (Redis 3.x), be `:0@0` or `:0` (no address yet), or have an
///   IPv6 host (`::1:7000@17000`, the last colon separating the port);
/// - `nodes.conf` adds `key=value` aux fields after the hostname (`,,shard-id=…` when there is no
///   hostname) and a final `vars currentEpoch …` line, which is skipped;
/// - slot entries are `5`, `0-5460`, `[5->-id]` (migrating) and `[5-<-id]` (importing).
///
/// Blank lines are skipped; any other line that does not fit throws, never traps.
public enum ClusterNodesParser {
    /// Parses every node of a `CLUSTER NODES` reply, in the order the lines come.
    ///
    /// - Throws: ``ClusterModelError`` for the first malformed line, with its 1-based
    ///   ``ClusterModelError/lineNumber`` and the ``ClusterModelError/line`` itself.
    public static func parse(_ text: String) throws(ClusterModelError) -> [ClusterNode] {
        var nodes: [ClusterNode] = []
        let plain = isPlainASCII(text)
        let lines: [Substring]
        if plain {
            // Every line break is a "\n" byte: split the bytes, not the Characters (a tenth of the time).
            lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
        } else {
            // `isNewline` also splits at "\r\n", which Swift reads as one Character.
            lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        }
        for (index, line) in lines.enumerated() {
            let fields = plain ? splitPlainFields(line) : splitFields(line)
            if fields.isEmpty || fields.first == "vars" { continue }
            do {
                nodes.append(try node(fromFields: fields, line: line))
            } catch {
                throw error.located(lineNumber: index + 1, line: String(line))
            }
        }
        return nodes
    }

    /// Parses one line of a `CLUSTER NODES` reply.
    ///
    /// - Throws: ``ClusterModelError`` naming the bad field, with ``ClusterModelError/line`` set
    ///   to `line` (and no line number).
    public static func parseNode(line: String) throws(ClusterModelError) -> ClusterNode {
        do {
            return try node(fromFields: splitFields(Substring(line)), line: Substring(line))
        } catch {
            var located = error
            located.line = line
            throw located
        }
    }

    // MARK: Fields

    private static func splitFields(_ line: Substring) -> [Substring] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" })
    }

    /// ``splitFields(_:)`` of a line of ``isPlainASCII(_:)`` text, where each byte is a Character.
    private static func splitPlainFields(_ line: Substring) -> [Substring] {
        line.utf8.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }).map { Substring($0) }
    }

    /// Whether `text` is ASCII with no line break but "\n" (no "\r", vertical tab or form feed,
    /// which `isNewline` also splits at): what servers send, and what can be split byte by byte.
    private static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0B && $0 != 0x0C && $0 != UInt8(ascii: "\r") }
    }

    private static func node(
        fromFields fields: [Substring], line: Substring
    ) throws(ClusterModelError) -> ClusterNode {
        guard fields.count >= 8 else {
            throw ClusterModelError(
                .wrongFieldCount, input: String(line),
                message: "a node line has at least 8 fields (id, address, flags, master, ping-sent, "
                    + "pong-received, config-epoch, link-state), this one has \(fields.count)")
        }
        let id = try nodeID(fields[0], role: "node ID")
        let endpoint = try parseAddress(fields[1])
        let flags = try parseFlags(fields[2])
        let masterID = fields[3] == "-" ? nil : try nodeID(fields[3], role: "master node ID")
        var node = ClusterNode(
            id: id,
            address: endpoint.address,
            busPort: endpoint.busPort,
            hostname: endpoint.hostname,
            auxiliaryFields: endpoint.auxiliaryFields,
            flags: flags,
            masterID: masterID,
            pingSent: try number(fields[4], code: .malformedTimestamp, naming: "ping-sent time"),
            pongReceived: try number(fields[5], code: .malformedTimestamp, naming: "pong-received time"),
            configEpoch: try number(fields[6], code: .malformedConfigEpoch, naming: "config epoch"),
            linkState: try linkState(fields[7])
        )
        for entry in fields.dropFirst(8) {
            try addSlotEntry(entry, to: &node)
        }
        return node
    }

    /// Checks a node ID: exactly 40 characters of `0-9a-z`, as Redis's `verifyClusterNodeId` demands.
    private static func nodeID(_ field: Substring, role: String) throws(ClusterModelError) -> String {
        guard field.utf8.count == 40, field.utf8.allSatisfy({ $0.isASCIIDigit || $0.isASCIILowercaseLetter }) else {
            throw ClusterModelError(
                .malformedNodeID, input: String(field),
                message: "'\(field)' is not a \(role): expected 40 characters of 0-9 and a-z")
        }
        return String(field)
    }

    private struct Endpoint {
        var address: NodeAddress?
        var busPort: Int?
        var hostname: String?
        var auxiliaryFields: [String: String] = [:]
    }

    /// Reads `ip:port[@cport][,hostname[,key=value…]]`. The separators are ASCII, so they are
    /// looked for in the bytes (a line of a big cluster's reply has one of these per node).
    private static func parseAddress(_ field: Substring) throws(ClusterModelError) -> Endpoint {
        func malformed(_ reason: String) -> ClusterModelError {
            ClusterModelError(
                .malformedAddress, input: String(field), message: "'\(field)' is not a node address: \(reason)")
        }
        let parts = field.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { Substring($0) }
        var endpoint = Endpoint()
        if parts.count > 1, !parts[1].isEmpty {
            endpoint.hostname = String(parts[1])
        }
        for aux in parts.dropFirst(2) {
            guard let equals = aux.utf8.firstIndex(of: UInt8(ascii: "=")), equals != aux.startIndex else {
                throw malformed("'\(aux)' after the hostname is not a key=value field")
            }
            endpoint.auxiliaryFields[String(aux[..<equals])] = String(aux[aux.utf8.index(after: equals)...])
        }

        var hostAndPort = parts[0]
        if let at = hostAndPort.utf8.firstIndex(of: UInt8(ascii: "@")) {
            let busPortText = hostAndPort[hostAndPort.utf8.index(after: at)...]
            guard let busPort = port(busPortText) else {
                throw malformed("the cluster bus port '\(busPortText)' is not a number from 0 to 65535")
            }
            endpoint.busPort = busPort == 0 ? nil : busPort
            hostAndPort = hostAndPort[..<at]
        }
        guard let colon = hostAndPort.utf8.lastIndex(of: UInt8(ascii: ":")) else {
            throw malformed("expected ip:port@cport")
        }
        var host = hostAndPort[..<colon]
        let portText = hostAndPort[hostAndPort.utf8.index(after: colon)...]
        guard let port = port(portText) else {
            throw malformed("the port '\(portText)' is not a number from 0 to 65535")
        }
        if host.utf8.first == UInt8(ascii: "["), host.utf8.last == UInt8(ascii: "]"), host.utf8.count >= 2 {
            host = Substring(host.utf8.dropFirst().dropLast())
        }
        // An empty host or port 0 is a node whose address is not known yet:
        // `:0@0`, or `:7000@17000` for a fresh node's own line.
        guard !host.isEmpty, port != 0 else { return endpoint }
        // What servers print: an IPv4 address, an IPv6 one, or a host name, in ASCII with none of
        // the characters NodeAddress(parsing:) refuses; anything else is checked by it.
        let plainHost = host.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "/") && byte != UInt8(ascii: "@")
                && byte != UInt8(ascii: "[") && byte != UInt8(ascii: "]")
        }
        if plainHost {
            endpoint.address = NodeAddress(host: String(host), port: port)
            return endpoint
        }
        let bracketed = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        do {
            endpoint.address = try NodeAddress(parsing: bracketed)
        } catch {
            throw malformed(error.reason)
        }
        return endpoint
    }

    private static func port(_ text: Substring) -> Int? {
        guard text.utf8.count <= 5, let value = HashSlot.decimalValue(of: text), value <= 65535 else { return nil }
        return value
    }

    private static func parseFlags(_ field: Substring) throws(ClusterModelError) -> Set<ClusterNode.Flag> {
        func malformed(_ reason: String) -> ClusterModelError {
            ClusterModelError(
                .malformedFlags, input: String(field), message: "'\(field)' is not a flags field: \(reason)")
        }
        var flags: Set<ClusterNode.Flag> = []
        for word in field.split(separator: ",", omittingEmptySubsequences: false) {
            guard !word.isEmpty else { throw malformed("it has an empty flag") }
            let isFlagText = word.utf8.allSatisfy { byte in
                byte.isASCIILowercaseLetter || byte.isASCIIDigit
                    || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            }
            guard isFlagText else {
                throw malformed("'\(word)' is not a flag: flags are lower-case words such as master, slave, fail?")
            }
            switch word {
            case "noflags": continue
            // Valkey's nodes.conf loader accepts these spellings; read them as the usual flags.
            case "primary": flags.insert(.master)
            case "replica": flags.insert(.replica)
            default: flags.insert(ClusterNode.Flag(rawValue: String(word)))
            }
        }
        if flags.contains(.master), flags.contains(.replica) {
            throw malformed("a node cannot be both master and slave")
        }
        return flags
    }

    private static func number(
        _ field: Substring, code: ClusterModelError.Code, naming name: String
    ) throws(ClusterModelError) -> UInt64 {
        // `UInt64("+5")` would accept the sign, so check for digits first.
        guard !field.isEmpty, field.utf8.allSatisfy(\.isASCIIDigit), let value = UInt64(field) else {
            throw ClusterModelError(
                code, input: String(field), message: "'\(field)' is not a \(name): expected a whole number")
        }
        return value
    }

    private static func linkState(_ field: Substring) throws(ClusterModelError) -> ClusterNode.LinkState {
        guard let state = ClusterNode.LinkState(rawValue: String(field)) else {
            throw ClusterModelError(
                .malformedLinkState, input: String(field),
                message: "'\(field)' is not a link state: expected connected or disconnected")
        }
        return state
    }

    /// Adds `5`, `0-5460`, `[5->-id]` or `[5-<-id]` to the node.
    private static func addSlotEntry(_ entry: Substring, to node: inout ClusterNode) throws(ClusterModelError) {
        guard entry.hasPrefix("[") else {
            node.slots.insert(try SlotSet.parseRange(entry))
            return
        }
        let malformed = ClusterModelError(
            .malformedSlotEntry, input: String(entry),
            message: "'\(entry)' is not an open slot: expected [slot->-node-id] or [slot-<-node-id]")
        guard entry.hasSuffix("]"), entry.count >= 2 else { throw malformed }
        let inner = entry.dropFirst().dropLast()
        let isMigrating: Bool
        let arrow: Range<Substring.Index>
        if let range = inner.firstRange(of: "->-") {
            (isMigrating, arrow) = (true, range)
        } else if let range = inner.firstRange(of: "-<-") {
            (isMigrating, arrow) = (false, range)
        } else {
            throw malformed
        }
        let slotText = inner[..<arrow.lowerBound]
        guard let number = HashSlot.decimalValue(of: slotText) else { throw malformed }
        guard let slot = HashSlot(exactly: number) else {
            throw ClusterModelError(
                .slotOutOfRange, input: String(entry),
                message: "'\(entry)' is not an open slot: \(slotText) is not a hash slot; slots are 0…16383")
        }
        let peer = try nodeID(inner[arrow.upperBound...], role: "node ID")
        if isMigrating {
            node.migrating[slot] = peer
        } else {
            node.importing[slot] = peer
        }
    }
}

// File-private so that it cannot collide with a like-named helper elsewhere in the module.
extension UInt8 {
    /// Whether the byte is `0`…`9`.
    fileprivate var isASCIIDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }
    /// Whether the byte is `a`…`z`.
    fileprivate var isASCIILowercaseLetter: Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) }
}
