import NIOCore
import RESP
import RedisTrib
import Testing

// Checks of a cluster made from what its nodes say about themselves (CLUSTER NODES, CLUSTER INFO,
// SCAN, GET), never from redis-trib's own reading of it, so an operation is judged by the servers.

// MARK: Reading a node

/// One node's answers about its cluster, read in one go.
struct NodeReading: Sendable {
    /// Where it was reached.
    var address: NodeAddress
    /// `CLUSTER MYID`.
    var id: String
    /// `CLUSTER NODES`, parsed.
    var topology: ClusterTopology
    /// `CLUSTER INFO` as fields (`cluster_state` → `ok`).
    var info: [String: String]

    /// The node's own line: its role, master, config epoch, and the only place its open slots show.
    var myself: ClusterNode? { topology.myself }
}

/// Reads `CLUSTER MYID`, `CLUSTER NODES` and `CLUSTER INFO` from a cluster-enabled node.
func readNode(_ address: NodeAddress) async throws -> NodeReading {
    var reading: NodeReading?
    try await withConnection(to: address) { connection in
        let id = try await connection.send("CLUSTER", "MYID").string ?? ""
        let nodes = try await connection.send("CLUSTER", "NODES").string ?? ""
        let info = try await connection.send("CLUSTER", "INFO").string ?? ""
        reading = NodeReading(address: address, id: id, topology: try ClusterTopology(parsing: nodes), info: infoFields(info))
    }
    return reading!
}

/// `name:value` lines as a dictionary; `#` section headers and blank lines are skipped.
func infoFields(_ text: String) -> [String: String] {
    var fields: [String: String] = [:]
    for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
        guard let colon = line.firstIndex(of: ":") else { continue }
        fields[String(line[..<colon])] = String(line[line.index(after: colon)...].drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
    return fields
}

// MARK: Nothing changed

/// What a node says about its cluster and data, leaving out what changes by itself (ping and pong
/// times, link states, message counters): two equal readings mean nobody changed the node.
struct NodeConfiguration: Sendable, Hashable, CustomStringConvertible {
    var address: NodeAddress
    /// `CLUSTER NODES` lines as `id address flags master epoch slots…`, sorted; the error text for a
    /// node that is not cluster-enabled.
    var nodeLines: [String]
    /// The `CLUSTER INFO` fields that describe the configuration (state, slots, known nodes, epochs).
    var info: [String: String]
    /// `DBSIZE`.
    var keyCount: Int

    var description: String {
        "\(address): \(keyCount) keys, \(info.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))\n  "
            + nodeLines.joined(separator: "\n  ")
    }

    /// The `CLUSTER INFO` fields compared. `cluster_size` is not: a fresh Redis master reports 1 until its
    /// first state update, which comes 2 s after it started (`CLUSTER_WRITABLE_DELAY`), and 0 from then
    /// on, with nobody changing anything; the node lines show the masters that own slots anyway.
    static let infoFieldNames: Set<String> = [
        "cluster_state", "cluster_slots_assigned", "cluster_slots_ok", "cluster_slots_pfail", "cluster_slots_fail",
        "cluster_known_nodes", "cluster_current_epoch", "cluster_my_epoch",
    ]
}

/// Reads a node's ``NodeConfiguration``; works on nodes that are not cluster-enabled too.
func readConfiguration(_ address: NodeAddress) async throws -> NodeConfiguration {
    var configuration: NodeConfiguration?
    try await withConnection(to: address) { connection in
        let replies = try await connection.pipeline([
            RedisCommand("CLUSTER", "NODES"), RedisCommand("CLUSTER", "INFO"), RedisCommand("DBSIZE"),
        ])
        let lines: [String]
        if replies[0].isError {
            lines = ["error: " + (replies[0].string ?? "")]
        } else {
            lines = (replies[0].string ?? "").split(whereSeparator: \.isNewline).map { line in
                let fields = line.split(separator: " ")
                // Drop ping-sent, pong-received and link-state (fields 4, 5 and 7).
                return fields.enumerated().filter { ![4, 5, 7].contains($0.offset) }.map(\.element).joined(separator: " ")
            }.sorted()
        }
        let info = replies[1].isError ? [:] : infoFields(replies[1].string ?? "").filter { NodeConfiguration.infoFieldNames.contains($0.key) }
        configuration = NodeConfiguration(address: address, nodeLines: lines, info: info, keyCount: replies[2].int ?? -1)
    }
    return configuration!
}

/// Reads every node's ``NodeConfiguration``, in the order given.
func readConfigurations(_ addresses: [NodeAddress]) async throws -> [NodeConfiguration] {
    var configurations: [NodeConfiguration] = []
    for address in addresses {
        configurations.append(try await readConfiguration(address))
    }
    return configurations
}

/// Records an issue for every node whose configuration differs from `before` (read with ``readConfigurations(_:)``).
///
/// Read `before` once the cluster is settled (``waitUntilSettled(_:timeout:sourceLocation:)``): gossip
/// still under way would show as a change.
func assertUnchanged(_ before: [NodeConfiguration], sourceLocation: SourceLocation = #_sourceLocation) async throws {
    for old in before {
        let new = try await readConfiguration(old.address)
        #expect(new == old, "\(old.address) changed:\nbefore \(old)\nafter  \(new)", sourceLocation: sourceLocation)
    }
}

/// Waits until gossip among the nodes has come to rest: every node knows all of them, out of
/// handshake and not failing; all views list the same nodes, flags, masters, config epochs and
/// slots; every node has the same current epoch; and masters have distinct config epochs (the
/// collision of freshly met masters is resolved). Records an issue when that does not happen in time.
///
/// - Returns: the configurations of the settled nodes, ready for ``assertUnchanged(_:sourceLocation:)``.
@discardableResult
func waitUntilSettled(
    _ addresses: [NodeAddress],
    timeout: Duration = .seconds(30),
    sourceLocation: SourceLocation = #_sourceLocation
) async throws -> [NodeConfiguration] {
    var last = ""
    let settled = try await pollUntil(timeout: timeout) {
        let readings = try await addresses.asyncMap(readNode)
        last = settlingProblem(readings) ?? ""
        return last.isEmpty
    }
    if !settled {
        Issue.record("the cluster of \(addresses) did not settle: \(last)", sourceLocation: sourceLocation)
    }
    return try await readConfigurations(addresses)
}

private func settlingProblem(_ readings: [NodeReading]) -> String? {
    let unsettledFlags: Set<ClusterNode.Flag> = [.handshake, .possiblyFailed, .failed, .noAddress]
    func shape(_ node: ClusterNode) -> String {
        let flags = node.flags.subtracting([.myself]).map(\.rawValue).sorted().joined(separator: ",")
        return "\(node.id) \(flags) \(node.masterID ?? "-") \(node.configEpoch) \(node.slots)"
    }
    var reference: [String]?
    var epochs = Set<String>()
    for reading in readings {
        if reading.topology.nodes.count != readings.count {
            return "\(reading.address) knows \(reading.topology.nodes.count) nodes, not \(readings.count)"
        }
        if let node = reading.topology.nodes.first(where: { !$0.flags.isDisjoint(with: unsettledFlags) }) {
            return "\(reading.address) sees \(node.id) as \(node.flags.map(\.rawValue).sorted())"
        }
        let masterEpochs = reading.topology.masters.map(\.configEpoch)
        if Set(masterEpochs).count != masterEpochs.count {
            return "\(reading.address) sees masters sharing a config epoch: \(masterEpochs)"
        }
        let shapes = reading.topology.nodes.map(shape).sorted()
        if let reference, reference != shapes {
            return "\(reading.address) sees \(shapes), \(readings[0].address) sees \(reference)"
        }
        reference = shapes
        epochs.insert(reading.info["cluster_current_epoch"] ?? "?")
    }
    return epochs.count > 1 ? "current epochs differ: \(epochs.sorted())" : nil
}

// MARK: Health

/// A healthy cluster as its nodes described it (the view of the first address given).
struct ObservedCluster: Sendable {
    /// Every node's reading, in the order of the addresses given.
    var readings: [NodeReading]
    /// The address of each node ID.
    var addresses: [String: NodeAddress]

    /// The reference view: what the first node says.
    var reference: ClusterTopology { readings[0].topology }

    /// The ID of the node at `address`.
    func id(of address: NodeAddress) -> String? {
        readings.first { $0.address == address }?.id
    }

    /// The node at `address`, as the reference view describes it.
    func node(at address: NodeAddress) -> ClusterNode? {
        id(of: address).flatMap(reference.node(id:))
    }

    /// The slots of the node at `address`.
    func slots(of address: NodeAddress) -> SlotSet {
        node(at: address)?.slots ?? SlotSet()
    }

    /// The masters' addresses, in the order given.
    var masters: [NodeAddress] {
        readings.map(\.address).filter { node(at: $0)?.isMaster == true }
    }

    /// The replicas' addresses, in the order given.
    var replicas: [NodeAddress] {
        readings.map(\.address).filter { node(at: $0)?.isReplica == true }
    }

    /// The address of the master the replica at `address` replicates.
    func master(of address: NodeAddress) -> NodeAddress? {
        node(at: address)?.masterID.flatMap { addresses[$0] }
    }
}

/// Records an issue for everything unhealthy in the cluster of `addresses`, asking every node itself:
/// - each answers and reports `cluster_state:ok`, all 16384 slots assigned and ok;
/// - each knows exactly the given nodes (and the `failed` ones), none in handshake, none failing,
///   at the addresses given; the `failed` ones are flagged `fail` everywhere and own no slot;
/// - all agree on every node's role, every replica's master, and the owner of every slot;
/// - no slot is migrating or importing (a node's open slots show only on its own line);
/// - `expectedMasters` of the given nodes are masters, the others replicas of one of them.
///
/// Call it once an operation has returned: operations wait for agreement, so nothing is polled here.
/// - Parameter failed: IDs of dead nodes the others still list.
/// - Returns: the cluster as its first node sees it, for further checks.
/// - Throws: when a node cannot be reached or its reply cannot be read.
@discardableResult
func assertClusterHealthy(
    _ addresses: [NodeAddress],
    expectedMasters: Int,
    failed: Set<String> = [],
    sourceLocation: SourceLocation = #_sourceLocation
) async throws -> ObservedCluster {
    let readings = try await addresses.asyncMap(readNode)
    let cluster = ObservedCluster(
        readings: readings,
        addresses: Dictionary(uniqueKeysWithValues: readings.map { ($0.id, $0.address) })
    )
    for problem in healthProblems(cluster, expectedMasters: expectedMasters, failed: failed) {
        Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
    }
    return cluster
}

private func healthProblems(_ cluster: ObservedCluster, expectedMasters: Int, failed: Set<String>) -> [String] {
    var problems: [String] = []
    let readings = cluster.readings
    let members = Set(readings.map(\.id))
    let known = members.union(failed)
    guard members.count == readings.count else {
        return ["the addresses \(readings.map(\.address)) are not distinct nodes"]
    }
    for reading in readings {
        let name = reading.address.description
        for (field, expected) in [
            ("cluster_state", "ok"), ("cluster_slots_assigned", "16384"), ("cluster_slots_ok", "16384"),
            ("cluster_known_nodes", String(known.count)),
        ] where reading.info[field] != expected {
            problems.append("\(name): \(field) is \(reading.info[field] ?? "missing"), not \(expected)")
        }
        let ids = Set(reading.topology.nodes.map(\.id))
        if ids != known {
            problems.append(
                "\(name) knows \(ids.subtracting(known).sorted()) it should not and lacks \(known.subtracting(ids).sorted())")
        }
        if reading.myself?.id != reading.id {
            problems.append("\(name): CLUSTER NODES has no myself line for \(reading.id)")
        }
        for node in reading.topology.nodes {
            if failed.contains(node.id) {
                if !node.flags.contains(.failed) { problems.append("\(name) does not flag the dead \(node.id) fail: \(node.flags)") }
                if !node.slots.isEmpty { problems.append("\(name) still gives the dead \(node.id) slots \(node.slots)") }
                continue
            }
            let bad = node.flags.intersection([.handshake, .possiblyFailed, .failed, .noAddress])
            if !bad.isEmpty {
                problems.append("\(name) flags \(cluster.addresses[node.id]?.description ?? node.id) \(bad.map(\.rawValue).sorted())")
            }
            if !node.isMyself, let expected = cluster.addresses[node.id], node.address != expected {
                problems.append("\(name) has \(expected) at \(node.address?.description ?? "no address")")
            }
            if !node.migrating.isEmpty || !node.importing.isEmpty {
                problems.append("\(name): \(node.id) has open slots \(node.openSlots)")
            }
        }
    }
    // Roles, masters and slot owners, each view against the first.
    let reference = readings[0]
    func owners(_ topology: ClusterTopology) -> [String?] {
        var owners = [String?](repeating: nil, count: HashSlot.count)
        for node in topology.nodes {
            for slot in node.slots {
                if let other = owners[slot.intValue] {
                    problems.append("slot \(slot) is claimed by both \(other) and \(node.id)")
                }
                owners[slot.intValue] = node.id
            }
        }
        return owners
    }
    let referenceOwners = owners(reference.topology)
    if let unowned = referenceOwners.firstIndex(where: { $0 == nil }) {
        problems.append(
            "\(reference.address): \(referenceOwners.count(where: { $0 == nil })) slots have no owner, the first is \(unowned)")
    }
    for reading in readings.dropFirst() {
        for node in reference.topology.nodes {
            guard let other = reading.topology.node(id: node.id) else { continue }
            if other.role != node.role || other.masterID != node.masterID {
                problems.append(
                    "\(reading.address) sees \(node.id) as \(other.role?.rawValue ?? "no role") of \(other.masterID ?? "-"), "
                        + "\(reference.address) as \(node.role?.rawValue ?? "no role") of \(node.masterID ?? "-")")
            }
        }
        let theirs = owners(reading.topology)
        let differing = (0..<HashSlot.count).filter { theirs[$0] != referenceOwners[$0] }
        if let first = differing.first {
            problems.append(
                "\(reading.address) and \(reference.address) disagree on \(differing.count) slot owners, "
                    + "the first slot \(first): \(theirs[first] ?? "none") against \(referenceOwners[first] ?? "none")")
        }
    }
    let masters = cluster.masters
    if masters.count != expectedMasters {
        problems.append("\(masters.count) masters (\(masters)), expected \(expectedMasters)")
    }
    let replicas = cluster.replicas
    if masters.count + replicas.count != readings.count {
        problems.append("some nodes are neither master nor replica: \(reference.topology.nodes.filter { $0.role == nil }.map(\.id))")
    }
    for replica in replicas where cluster.master(of: replica).map(masters.contains) != true {
        problems.append("the replica \(replica) replicates \(cluster.node(at: replica)?.masterID ?? "nothing"), not a given master")
    }
    return problems
}

// MARK: Keys

/// Writes `count` string keys through their slots' owners and returns them with their values.
///
/// The keys mix shapes that trip up naive tools: plain text, bytes `\xff` and `\0`, `\r\n` and
/// spaces, hash tags that put many keys in a few slots, an empty `{}` (which does not count as a
/// tag) and two tags in a row (only the first counts). Owners come from the seed's `CLUSTER NODES`;
/// each owner gets its keys in pipelined batches of 1000. Keys differ for different `prefix`es, so
/// a cluster can be filled more than once.
/// - Throws: when a node cannot be reached; a SET that fails is recorded as an issue.
@discardableResult
func fillKeys(
    _ seed: NodeAddress,
    count: Int,
    prefix: String = "key",
    sourceLocation: SourceLocation = #_sourceLocation
) async throws -> [ByteBuffer: ByteBuffer] {
    let seedReading = try await readNode(seed)
    var ownerBySlot = [NodeAddress?](repeating: nil, count: HashSlot.count)
    for node in seedReading.topology.nodes {
        let address = node.isMyself ? seed : node.address
        for slot in node.slots {
            ownerBySlot[slot.intValue] = address
        }
    }
    var keys: [ByteBuffer: ByteBuffer] = [:]
    var byOwner: [NodeAddress: [RedisCommand]] = [:]
    for index in 0..<count {
        let key = testKey(index, prefix: prefix)
        var value = ByteBuffer(string: "value \(prefix) \(index)\r\n")
        value.writeBytes([0x00, 0xFF, UInt8(truncatingIfNeeded: index)])
        keys[key] = value
        guard let owner = ownerBySlot[HashSlot.forKey(key.readableBytesView).intValue] else {
            Issue.record("slot \(HashSlot.forKey(key.readableBytesView)) has no owner in the view of \(seed)", sourceLocation: sourceLocation)
            continue
        }
        byOwner[owner, default: []].append(RedisCommand(arguments: [ByteBuffer(string: "SET"), key, value]))
    }
    for (owner, commands) in byOwner {
        try await withConnection(to: owner) { connection in
            var start = 0
            while start < commands.count {
                let batch = Array(commands[start..<min(start + 1000, commands.count)])
                let replies = try await connection.pipeline(batch)
                if let failure = replies.first(where: { $0.string != "OK" }) {
                    Issue.record("SET on \(owner) failed: \(failure)", sourceLocation: sourceLocation)
                }
                start += batch.count
            }
        }
    }
    return keys
}

/// The `index`th test key of ``fillKeys(_:count:prefix:sourceLocation:)``.
func testKey(_ index: Int, prefix: String) -> ByteBuffer {
    var key = ByteBuffer()
    switch index % 6 {
    case 0:
        key.writeString("\(prefix):\(index)")
    case 1:
        key.writeBytes([0xFF])
        key.writeString("\(prefix):\(index)")
        key.writeBytes([0x00, 0xFE])
    case 2:
        key.writeString("\(prefix) \(index)\r\nsecond line")
    case 3:
        key.writeString("{\(prefix)-tag\(index % 7)}:\(index)")
    case 4:
        key.writeString("{}\(prefix):\(index)")
    default:
        key.writeString("\(prefix)\(index){x\(index % 3)}{y}")
    }
    return key
}

/// The keys one node holds, read with `SCAN` and `GET`.
struct NodeKeys: Sendable {
    var address: NodeAddress
    /// Whether the node says it is a master.
    var isMaster: Bool
    /// The slots it says it owns (its own `CLUSTER NODES` line).
    var ownedSlots: SlotSet
    /// Each key and its value; `nil` when GET had no string to give (another type, or a slot the
    /// node neither owns nor imports).
    var values: [ByteBuffer: ByteBuffer?]
    /// `DBSIZE`.
    var keyCount: Int
}

/// Reads every key of every node with `SCAN`, and its value with `GET` (`ASKING` first for keys in
/// slots the node does not own, so an importing node answers). String values only.
func readAllKeys(_ addresses: [NodeAddress]) async throws -> [NodeKeys] {
    var result: [NodeKeys] = []
    for address in addresses {
        let myself = try await readNode(address).myself
        let owned = myself?.slots ?? SlotSet()
        // A batch of 1000 GETs can hold a value of many megabytes: on 2 loaded cores its reply took over the
        // default 5 s in CI. How long the reading takes is not what any test is about.
        try await withConnection(to: address, options: ConnectionOptions(commandTimeout: 60)) { connection in
            var found = Set<ByteBuffer>()
            var cursor = "0"
            repeat {
                let reply = try await connection.send("SCAN", cursor, "COUNT", "1000")
                cursor = reply.elements?.first?.string ?? "0"
                found.formUnion(reply.elements?.last?.elements?.compactMap(\.bytes) ?? [])
            } while cursor != "0"
            let keys = Array(found)
            var values: [ByteBuffer: ByteBuffer?] = [:]
            var start = 0
            while start < keys.count {
                let batch = keys[start..<min(start + 1000, keys.count)]
                var commands: [RedisCommand] = []
                for key in batch {
                    if !owned.contains(HashSlot.forKey(key.readableBytesView)) {
                        commands.append(RedisCommand("ASKING"))
                    }
                    commands.append(RedisCommand(arguments: [ByteBuffer(string: "GET"), key]))
                }
                var replies = try await connection.pipeline(commands)[...]
                for key in batch {
                    if !owned.contains(HashSlot.forKey(key.readableBytesView)) {
                        replies = replies.dropFirst()
                    }
                    let reply = replies.removeFirst()
                    if case .bulkString(let value) = reply {
                        values[key] = .some(value)
                    } else {
                        values[key] = .some(nil)
                    }
                }
                start += batch.count
            }
            let keyCount = try await connection.send("DBSIZE").int ?? -1
            result.append(NodeKeys(address: address, isMaster: myself?.isMaster == true, ownedSlots: owned, values: values, keyCount: keyCount))
        }
    }
    return result
}

/// Records an issue unless the masters among `cluster` hold exactly `expected`: every key once,
/// on the master that owns its slot, with its value, and no other key (the masters' DBSIZEs add up
/// to `expected.count`). Replicas are not counted: they hold copies.
/// - Parameter otherKeys: keys that are there besides `expected` (say, hashes or lists, whose values
///   `GET` cannot read and the caller checks otherwise): exactly that many others must be found, each
///   once and on its slot's owner, and the DBSIZEs must add up to `expected.count + otherKeys`.
/// - Throws: when a node cannot be reached.
func assertKeys(
    _ expected: [ByteBuffer: ByteBuffer],
    on cluster: [NodeAddress],
    otherKeys: Int = 0,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let masters = try await readAllKeys(cluster).filter(\.isMaster)
    var holders: [ByteBuffer: [NodeAddress]] = [:]
    var misplaced: [String] = []
    var wrongValue: [String] = []
    var unexpected: [String] = []
    for node in masters {
        for (key, value) in node.values {
            holders[key, default: []].append(node.address)
            let slot = HashSlot.forKey(key.readableBytesView)
            if !node.ownedSlots.contains(slot) {
                misplaced.append("\(RESPValue.quoted(key)) (slot \(slot)) on \(node.address)")
            }
            guard let want = expected[key] else {
                unexpected.append("\(RESPValue.quoted(key)) on \(node.address)")
                continue
            }
            if value != want {
                wrongValue.append("\(RESPValue.quoted(key)) on \(node.address) is \(value.map { RESPValue.quoted($0) } ?? "unreadable")")
            }
        }
    }
    let missing = expected.keys.filter { holders[$0] == nil }.map { RESPValue.quoted($0) }
    let duplicated = holders.filter { $0.value.count > 1 }.map { "\(RESPValue.quoted($0.key)) on \($0.value)" }
    func report(_ what: String, _ list: [String]) {
        guard !list.isEmpty else { return }
        Issue.record(
            Comment(rawValue: "\(list.count) key(s) \(what): " + list.sorted().prefix(5).joined(separator: "; ") + (list.count > 5 ? "; …" : "")),
            sourceLocation: sourceLocation)
    }
    report("missing", missing)
    report("on more than one master", duplicated)
    report("on a master that does not own their slot", misplaced)
    report("with a wrong value", wrongValue)
    if otherKeys == 0 {
        report("not expected", unexpected)
    } else if unexpected.count != otherKeys {
        Issue.record(
            Comment(
                rawValue: "\(unexpected.count) key(s) besides the expected ones, not \(otherKeys): " + unexpected.sorted().prefix(5).joined(separator: "; ")),
            sourceLocation: sourceLocation)
    }
    let total = masters.reduce(0) { $0 + $1.keyCount }
    #expect(
        total == expected.count + otherKeys,
        "the masters' DBSIZEs add up to \(total), not \(expected.count + otherKeys): \(masters.map { "\($0.address)=\($0.keyCount)" })",
        sourceLocation: sourceLocation)
}

// MARK: Waiting

/// Asks `condition` every `interval` until it holds or `timeout` passes; returns whether it held.
func pollUntil(
    timeout: Duration = .seconds(30),
    interval: Duration = .milliseconds(100),
    _ condition: () async throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        try await Task.sleep(for: interval)
    }
}

extension Array {
    /// `map` with an async transform, one element after the other.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async throws -> [T] {
        var results: [T] = []
        results.reserveCapacity(count)
        for element in self {
            results.append(try await transform(element))
        }
        return results
    }
}

/// Waits until `replica`'s link to `master` is up and it has applied all of `master`'s stream
/// (its `slave_repl_offset` reached the master's `master_repl_offset`), so that a reading taken
/// after this does not see the replica still catching up.
func waitUntilReplicated(_ replica: NodeAddress, from master: NodeAddress) async throws -> Bool {
    try await pollUntil {
        var masterOffset: String?
        var replicaFields: [String: String] = [:]
        try await withConnection(to: master) { connection in
            masterOffset = infoFields(try await connection.send("INFO", "replication").string ?? "")["master_repl_offset"]
        }
        try await withConnection(to: replica) { connection in
            replicaFields = infoFields(try await connection.send("INFO", "replication").string ?? "")
        }
        return replicaFields["master_link_status"] == "up" && masterOffset != nil && replicaFields["slave_repl_offset"] == masterOffset
    }
}
