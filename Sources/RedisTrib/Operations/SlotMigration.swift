import NIOCore
import RESP

/// Moves slots from one master to another in the order that keeps a crash harmless:
/// `SETSLOT IMPORTING` on the target, `MIGRATING` on the source, keys in `MIGRATE … KEYS`
/// batches, then `SETSLOT NODE` on the target first, the source next, and every other master.
///
/// Each step looks at what is already done, so running a move again after an interruption
/// finishes it instead of failing.
struct SlotMigration: Sendable {
    let trib: ClusterOperator
    let source: NodeClient
    let sourceID: String
    let target: NodeClient
    let targetID: String
    /// Masters other than source and target, told the new owner at the end.
    let otherMasters: [NodeAddress]

    /// Moves the slots one after the other; returns how many keys moved.
    func move(_ slots: [HashSlot]) async throws(TribError) -> Int {
        let sourceView = try await source.topology().myself
        let targetView = try await target.topology().myself
        var moved = 0
        for slot in slots {
            moved += try await move(slot, sourceView: sourceView, targetView: targetView)
        }
        return moved
    }

    /// Moves one slot, skipping the handshakes the views show as already done.
    private func move(_ slot: HashSlot, sourceView: ClusterNode?, targetView: ClusterNode?) async throws(TribError) -> Int {
        try trib.checkCancellation()
        let slotText = String(slot.rawValue)
        let targetOwns = targetView?.slots.contains(slot) == true
        if !targetOwns, targetView?.importing[slot] != sourceID {
            try await target.send("CLUSTER", "SETSLOT", slotText, "IMPORTING", sourceID)
        }
        if sourceView?.slots.contains(slot) == true, sourceView?.migrating[slot] != targetID {
            try await source.send("CLUSTER", "SETSLOT", slotText, "MIGRATING", targetID)
        }
        let moved = try await moveKeys(of: slot)
        try await target.send("CLUSTER", "SETSLOT", slotText, "NODE", targetID)
        try await source.send("CLUSTER", "SETSLOT", slotText, "NODE", targetID)
        // The other masters learn the owner by gossip too; telling them speeds it up, and a refusal
        // (a node that has just become a replica, or is unreachable) is not an error of the move.
        for address in otherMasters {
            do throws(TribError) {
                try await trib.client(address).send("CLUSTER", "SETSLOT", slotText, "NODE", targetID)
            } catch {
                trib.step("\(address) was not told the new owner of slot \(slot): \(error.message)")
            }
        }
        trib.report(.slotMoved(slot: slot, source: source.address, target: target.address, keys: moved))
        return moved
    }

    /// Moves every key of the slot still on the source; returns how many moved.
    func moveKeys(of slot: HashSlot) async throws(TribError) -> Int {
        if trib.options.dryRun {
            let count = try await source.send("CLUSTER", "COUNTKEYSINSLOT", String(slot.rawValue)).int ?? 0
            if count > 0 {
                let command = RedisCommand(
                    "MIGRATE", target.address.host, String(target.address.port), "", "0",
                    String(trib.options.migrateTimeoutMilliseconds), "KEYS", "(\(count) keys of slot \(slot))"
                )
                trib.report(.wouldSend(node: source.address, command: command))
            }
            return count
        }
        var moved = 0
        while true {
            try trib.checkCancellation()
            let reply = try await source.send("CLUSTER", "GETKEYSINSLOT", String(slot.rawValue), String(trib.options.keysPerBatch))
            let keys = reply.elements?.compactMap(\.bytes) ?? []
            if keys.isEmpty { return moved }
            let result = try await migrate(keys, replace: false)
            switch result {
            case .moved:
                moved += keys.count
            case .busy:
                moved += try await resolveBusyKeys(keys, slot: slot)
            }
        }
    }

    enum MigrateResult {
        case moved
        case busy
    }

    /// One `MIGRATE … KEYS`; a `BUSYKEY` reply is returned, other errors thrown.
    func migrate(_ keys: [ByteBuffer], replace: Bool) async throws(TribError) -> MigrateResult {
        var command = RedisCommand(
            "MIGRATE", target.address.host, String(target.address.port), "", "0", String(trib.options.migrateTimeoutMilliseconds)
        )
        if replace {
            command.append("REPLACE")
        }
        let connection = trib.options.connection
        if let password = connection.password {
            if let username = connection.username {
                command.append("AUTH2")
                command.append(username)
            } else {
                command.append("AUTH")
            }
            command.append(password)
        }
        command.append("KEYS")
        command.append(contentsOf: keys)
        let timeout = Double(trib.options.migrateTimeoutMilliseconds) / 1000 + connection.commandTimeout
        let reply = try await source.pipeline([command], timeout: timeout)[0]
        guard case .error = reply else { return .moved }
        let error = RedisServerError(message: reply.string ?? "")
        if error.code == "BUSYKEY" || error.message.contains("BUSYKEY") {
            return .busy
        }
        throw TribError(
            .nodeError,
            "MIGRATE of \(keys.count) keys to \(target.address) failed: \(error.message)",
            node: source.address
        )
    }

    /// Handles keys that exist on both sides: equal values are replaced on the target, different
    /// ones stop the move with their names unless replacing was asked for. Returns keys moved.
    func resolveBusyKeys(_ keys: [ByteBuffer], slot: HashSlot) async throws(TribError) -> Int {
        // MIGRATE moved what it could; what is left on the source is still to move.
        let remaining = try await existing(keys, on: source, asking: false)
        let onTarget = try await existing(remaining, on: target, asking: true)
        if onTarget.isEmpty {
            return keys.count - remaining.count
        }
        var different: [ByteBuffer] = []
        if !trib.options.replaceBusyKeys {
            let comparison = KeyComparison(source: source, target: target)
            different = try await comparison.differing(onTarget)
        }
        let equal = onTarget.filter { !different.contains($0) }
        if !equal.isEmpty {
            _ = try await migrate(equal, replace: true)
            trib.report(.busyKeysReplaced(slot: slot, count: equal.count))
        }
        guard different.isEmpty else {
            let names = different.prefix(10).map { RESPValue.quoted($0) }.joined(separator: ", ")
            throw TribError(
                .busyKeys,
                "slot \(slot): \(different.count) key(s) exist on both \(source.address) and \(target.address) with different values: "
                    + names + (different.count > 10 ? ", …" : "")
                    + "; both copies are kept, the slot stays open; rerun with --replace to keep the source's values",
                node: source.address
            )
        }
        return keys.count - remaining.count + equal.count
    }

    /// The keys among `keys` that exist on a node (`ASKING` first for a target that is importing).
    ///
    /// A source that no longer has a key of a migrating slot answers `-ASK`: the key is not there.
    func existing(_ keys: [ByteBuffer], on node: NodeClient, asking: Bool) async throws(TribError) -> [ByteBuffer] {
        guard !keys.isEmpty else { return [] }
        var commands: [RedisCommand] = []
        for key in keys {
            if asking {
                commands.append(RedisCommand("ASKING"))
            }
            commands.append(RedisCommand(arguments: [ByteBuffer(string: "EXISTS"), key]))
        }
        let replies = try await node.pipeline(commands)
        let answers = asking ? stride(from: 1, to: replies.count, by: 2).map { replies[$0] } : replies
        var found: [ByteBuffer] = []
        for (key, answer) in zip(keys, answers) {
            if case .error = answer {
                let error = RedisServerError(message: answer.string ?? "")
                if error.code == "ASK" { continue }
                throw TribError(.nodeError, "EXISTS \(RESPValue.quoted(key)) failed: \(error.message)", node: node.address)
            }
            if answer.int == 1 { found.append(key) }
        }
        return found
    }
}
