import Foundation
import RESP

/// A claim, held on a node, that one redis-trib operation is changing the slots the node owns.
///
/// **Where it lives:** in the node itself, as the name (`CLIENT SETNAME`) of a connection that the
/// holder opens for nothing else and keeps open for the whole operation. Taking one is atomic: in
/// one `MULTI`/`EXEC` the connection names itself and lists the node's clients; the node runs
/// transactions one at a time, so of two operations racing for one node, the later sees the
/// earlier's name and backs off.
///
/// **When the holder dies:** its connection closes and the node forgets the name at once (the
/// kernel closes the socket of a killed process). A holder that was cut off by the network when it
/// exited leaves its claim until the node notices the dead connection (`tcp-keepalive`, 300 s by
/// default): a lease whose holder names this machine and a process that no longer runs is stale,
/// and its connection is closed (`CLIENT KILL ID`) by the next taker. One of another machine is
/// refused, naming its host and process and how to free it.
///
/// A lease does not stop other tools (redis-cli) from changing slots: the moves check the slots'
/// states before each group for that.
struct MoveLease: Sendable {
    /// The start of every lease's connection name.
    static let namePrefix = "redis-trib-lease"

    /// The node the lease is held on.
    let address: NodeAddress
    /// What the name says: `redis-trib-lease/OPERATION/HOLDER`.
    let name: String
    let connection: RedisConnection

    /// Whether the lease still holds (its connection is open).
    var isHeld: Bool { connection.isOpen }

    /// Takes the lease on `address`, or fails naming whoever holds it.
    ///
    /// - Parameter holder: who takes it (`pid@host#token`); a lease of the same holder is not a rival.
    /// - Throws: ``TribError`` `.preconditionFailed` when another holder has it; `.nodeError` when the
    ///   node cannot be reached or refuses `CLIENT` (an ACL).
    /// - Parameter claim: name the connection (take the lease); `false` only looks for a rival, as
    ///   a dry run does, which changes nothing on the node.
    static func acquire(
        on address: NodeAddress, operation: String, holder: String, options: ConnectionOptions, endpoints: EndpointBook, claim: Bool = true
    ) async throws(TribError)
        -> MoveLease
    {
        let connection = try await endpoints.open(address, options: options)
        let name = "\(namePrefix)/\(sanitized(operation))/\(sanitized(holder))"
        do throws(TribError) {
            let replies: [RESPValue]
            do {
                let mark = claim ? RedisCommand("CLIENT", "SETNAME", name) : RedisCommand("CLIENT", "GETNAME")
                replies = try await connection.pipeline([
                    RedisCommand("MULTI"), mark, RedisCommand("CLIENT", "ID"), RedisCommand("CLIENT", "LIST"), RedisCommand("EXEC"),
                ])
            } catch {
                throw TribError(converting: error, node: address)
            }
            guard let results = replies.last?.elements, results.count == 3, let myID = results[1].int, let list = results[2].string else {
                let refusal = replies.first(where: \.isError)?.string ?? "\(replies.last ?? .null)"
                throw TribError(.nodeError, "cannot take the move lease (MULTI, CLIENT SETNAME, CLIENT LIST): \(refusal)", node: address)
            }
            let rivals = holders(in: list).filter { $0.id != myID && $0.holder != sanitized(holder) }
            let stale = rivals.filter { processIsGone(holder: $0.holder) }
            if let rival = rivals.first(where: { !stale.contains($0) }) {
                throw TribError(
                    .preconditionFailed,
                    "another redis-trib operation (\(rival.operation) by process \(rival.holder), connected from \(rival.address)) "
                        + "is changing the slots of \(address); wait for it to end, or stop it and run `redis-trib fix \(address)` "
                        + "(if that process is gone, its lease lasts until the node drops its connection: "
                        + "`CLIENT KILL ID \(rival.id)` on \(address) frees it at once)",
                    node: address
                )
            }
            // Dead holders of this machine (their connection outlived them, cut off by the network): dropped, so a
            // `fix` after a cut is not refused for minutes. A dry run only looks.
            if claim {
                for lease in stale {
                    do {
                        _ = try await connection.pipeline([RedisCommand("CLIENT", "KILL", "ID", String(lease.id))])
                    } catch {
                        throw TribError(converting: error, node: address)
                    }
                }
            }
        } catch {
            await connection.close()
            throw error
        }
        return MoveLease(address: address, name: name, connection: connection)
    }

    /// Gives the lease back.
    func release() async {
        await connection.close()
    }

    /// One lease found in a `CLIENT LIST` reply.
    struct Holder: Sendable, Hashable {
        var id: Int
        var operation: String
        var holder: String
        var address: String
    }

    /// Whether `holder` (`PID@HOST#MACHINE.TOKEN`) is a process of this machine (its host name,
    /// tagged ``LeaseBook/machineTag``) that no longer runs; `false` for one of another machine, or
    /// when this machine has no tag.
    static func processIsGone(holder: String) -> Bool {
        let host = sanitized(LeaseBook.hostName)
        guard let machine = LeaseBook.machineTag, let at = holder.firstIndex(of: "@"), let pid = Int32(holder[..<at]), pid > 0 else { return false }
        let rest = holder[holder.index(after: at)...]
        guard let hash = rest.firstIndex(of: "#"), rest[..<hash] == host, rest[rest.index(after: hash)...].hasPrefix(machine + ".") else {
            return false
        }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// The leases in a `CLIENT LIST` reply.
    static func holders(in list: String) -> [Holder] {
        clients(in: list).compactMap { fields in
            guard let name = fields["name"], name.hasPrefix(namePrefix + "/"), let id = fields["id"].flatMap({ Int($0) }) else { return nil }
            let parts = name.split(separator: "/", maxSplits: 2)
            return Holder(
                id: id,
                operation: parts.count > 1 ? String(parts[1]) : "?",
                holder: parts.count > 2 ? String(parts[2]) : "?",
                address: String(fields["addr"] ?? "?")
            )
        }
    }

    /// The connections of a `CLIENT LIST` reply, each as its `field=value` pairs.
    static func clients(in list: String) -> [[Substring: Substring]] {
        list.split(whereSeparator: \.isNewline).map { line in
            var fields: [Substring: Substring] = [:]
            for field in line.split(separator: " ") {
                guard let equals = field.firstIndex(of: "=") else { continue }
                fields[field[..<equals]] = field[field.index(after: equals)...]
            }
            return fields
        }
    }

    /// The text with only the characters a client name may hold (no spaces, printable ASCII) and no `/`.
    static func sanitized(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    scalar.value > 32 && scalar.value < 127 && scalar != "/" ? scalar : "_"
                }))
    }
}
