import NIOCore
import RESP
import RedisTrib
import Testing

// Cluster states the reliability scenarios start from, made by talking to the nodes directly.

/// The members of the cluster `seed` belongs to, among `nodes` (a reset node has left it).
func clusterMembers(_ seed: NodeAddress, among nodes: [NodeAddress]) async throws -> [NodeAddress] {
    let known = Set(try await readNode(seed).topology.nodes.map(\.id))
    var members: [NodeAddress] = []
    for node in nodes where known.contains(try await readNode(node).id) {
        members.append(node)
    }
    return members
}

/// Leaves `slot` half moved from its owner to another master: IMPORTING on the target, MIGRATING on
/// the owner, and half of `keys` already on the target.
func openHalfDoneMove(of slot: HashSlot, keys: SlotKeys, among masters: [NodeAddress]) async throws {
    var owner: NodeAddress?
    for node in masters where try await ownView(node)?.slots.contains(slot) == true {
        owner = node
    }
    let source = try #require(owner, "nobody owns slot \(slot)")
    let target = try #require(masters.first { $0 != source })
    let (sourceID, targetID) = (try #require(try await ownView(source)?.id), try #require(try await ownView(target)?.id))
    try await withConnection(to: target) { try await $0.send("CLUSTER", "SETSLOT", String(slot.rawValue), "IMPORTING", sourceID) }
    try await withConnection(to: source) { connection in
        try await connection.send("CLUSTER", "SETSLOT", String(slot.rawValue), "MIGRATING", targetID)
        let moving = Array(keys.values.keys.prefix(keys.values.count / 2))
        let migrate = ["MIGRATE", target.host, String(target.port), "", "0", "5000", "KEYS"].map { ByteBuffer(string: $0) } + moving
        #expect(try await connection.send(RedisCommand(arguments: migrate)).string == "OK")
    }
}

/// Makes a cluster of `masters` (`start_multi`) and writes its first keys through the first master:
/// `perSlot` keys in each of `slots` (the first master's), and `spread` keys over every slot.
/// - Returns: every key written, with its value.
func startFilledCluster(
    _ masters: [NodeAddress], slots: SlotSet, perSlot: Int, spread: Int, prefix: String
) async throws -> [ByteBuffer: ByteBuffer] {
    let first = try #require(masters.first, "a cluster needs a master")
    try await withOperator(.testing) { try await $0.startMulti(masters) }
    let keys = SlotKeys(slots: slots, perSlot: perSlot)
    try await keys.write(to: first)
    guard spread > 0 else { return keys.values }
    return keys.values.merging(try await fillKeys(first, count: spread, prefix: prefix)) { old, _ in old }
}

/// Writes `perSlot` keys of `slot` on `node`, its owner, and adds them to `baseline`: the keys of a
/// slot a scenario later leaves half moved (``openHalfDoneMove(of:keys:among:)``).
func writeSlotKeys(_ slot: HashSlot, perSlot: Int, to node: NodeAddress, into baseline: inout [ByteBuffer: ByteBuffer]) async throws -> SlotKeys {
    let keys = SlotKeys(slots: SlotSet([slot]), perSlot: perSlot)
    try await keys.write(to: node)
    baseline.merge(keys.values) { _, new in new }
    return keys
}
