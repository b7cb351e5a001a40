import NIOCore
import RESP
import RedisTrib

/// A cluster-aware client that writes while an operation runs, the way an application would, and
/// keeps a ledger of what the cluster acknowledged.
///
/// It keeps a slot → node map read from `CLUSTER SLOTS`, follows `MOVED` (updates the map and
/// retries), `ASK` (sends `ASKING` then the command to the named node, once), backs off and retries
/// on `TRYAGAIN` and `CLUSTERDOWN`, and retries on connection errors, counting a write whose
/// command may have reached a node without an answer as "outcome unknown". It writes `SET` of fresh
/// keys and `INCR` of a few counters, one command at a time, in the slots it is given.
actor ClusterWriter {
    /// What the cluster acknowledged, and what may or may not have happened.
    struct Ledger: Sendable {
        /// Keys whose SET was acknowledged, with their value.
        var acknowledged: [ByteBuffer: ByteBuffer] = [:]
        /// Keys whose SET may have happened (a connection failed after sending it) and was never acknowledged.
        var unknownKeys: [ByteBuffer: ByteBuffer] = [:]
        /// Per counter key: acknowledged INCRs.
        var increments: [ByteBuffer: Int] = [:]
        /// Per counter key: INCRs whose outcome is unknown.
        var unknownIncrements: [ByteBuffer: Int] = [:]
        /// SETs and INCRs the cluster refused with an error reply (not written).
        var refused = 0
        /// Redirections followed (MOVED and ASK), retries after TRYAGAIN, CLUSTERDOWN and connection errors.
        var moved = 0, asked = 0, retried = 0

        /// Acknowledged SETs and INCRs.
        var acknowledgedWrites: Int { acknowledged.count + increments.values.reduce(0, +) }
        /// Writes of unknown outcome.
        var unknownWrites: Int { unknownKeys.count + unknownIncrements.values.reduce(0, +) }
    }

    private let seeds: [NodeAddress]
    private let keyTags: [String]
    private let counters: [ByteBuffer]
    private let prefix: String
    private var slotOwners: [Int: NodeAddress] = [:]
    private var connections: [NodeAddress: RedisConnection] = [:]
    private var stopped = false
    private var written = 0
    private(set) var ledger = Ledger()
    private let options = ConnectionOptions(connectTimeout: 1, commandTimeout: 2)

    /// A writer for the cluster of `seeds`, writing keys in `slots` (every slot when `nil`).
    init(seeds: [NodeAddress], slots: SlotSet? = nil, prefix: String, counters: Int = 4) {
        self.seeds = seeds
        self.prefix = prefix
        let chosen = slots.map { Array($0).prefix(64) } ?? []
        self.keyTags = chosen.isEmpty ? [] : chosen.map { SlotKeys.tag(for: $0) }
        self.counters = (0..<counters).map { index in
            let tag = chosen.isEmpty ? "c\(index)" : SlotKeys.tag(for: chosen[index % chosen.count])
            return ByteBuffer(string: "{\(tag)}\(prefix):counter:\(index)")
        }
    }

    /// Asks the writing loop to stop after the write under way.
    func stop() {
        stopped = true
    }

    /// Writes until ``stop()`` is called, `limit` elapses or `maximumWrites` writes were made.
    func run(limit: Duration = .seconds(30), maximumWrites: Int = 200_000) async {
        let deadline = ContinuousClock.now + limit
        await refreshMap()
        while !stopped, ContinuousClock.now < deadline, written < maximumWrites {
            written += 1
            if written % 4 == 0, !counters.isEmpty {
                let counter = counters[written / 4 % counters.count]
                switch await perform(RedisCommand(arguments: [ByteBuffer(string: "INCR"), counter]), idempotent: false) {
                case .acknowledged: ledger.increments[counter, default: 0] += 1
                case .unknown: ledger.unknownIncrements[counter, default: 0] += 1
                case .refused: ledger.refused += 1
                }
            } else {
                let tag = keyTags.isEmpty ? "" : "{\(keyTags[written % keyTags.count])}"
                let key = ByteBuffer(string: "\(tag)\(prefix):\(written)")
                let value = ByteBuffer(string: "v\(written)-\(prefix)")
                switch await perform(RedisCommand(arguments: [ByteBuffer(string: "SET"), key, value]), idempotent: true) {
                case .acknowledged:
                    ledger.acknowledged[key] = value
                    ledger.unknownKeys[key] = nil
                case .unknown: ledger.unknownKeys[key] = value
                case .refused: ledger.refused += 1
                }
            }
        }
        for connection in connections.values {
            await connection.close()
        }
        connections = [:]
    }

    private enum Outcome { case acknowledged, unknown, refused }

    /// Sends `command` to its slot's node, following redirections, for up to 3 s.
    ///
    /// A command that may have reached a node without an answer is retried only when `idempotent`;
    /// its outcome stays unknown unless a later attempt is acknowledged.
    private func perform(_ command: RedisCommand, idempotent: Bool) async -> Outcome {
        let key = command.arguments[1]
        let slot = Int(HashSlot.forKey(key.readableBytesView).rawValue)
        let deadline = ContinuousClock.now + .seconds(3)
        var mayHaveHappened = false
        var askTarget: NodeAddress?
        while ContinuousClock.now < deadline {
            let node = askTarget ?? slotOwners[slot] ?? seeds[written % seeds.count]
            let commands = askTarget == nil ? [command] : [RedisCommand("ASKING"), command]
            askTarget = nil
            let reply: RESPValue
            let open: RedisConnection
            do {
                open = try await connection(to: node)
            } catch {
                // Nothing was sent: a retry cannot write twice.
                ledger.retried += 1
                try? await Task.sleep(for: .milliseconds(50))
                await refreshMap()
                continue
            }
            do {
                guard let last = try await open.pipeline(commands).last else { return .refused }
                reply = last
            } catch {
                if let connection = connections.removeValue(forKey: node) { await connection.close() }
                mayHaveHappened = true
                ledger.retried += 1
                if !idempotent { return .unknown }
                try? await Task.sleep(for: .milliseconds(50))
                await refreshMap()
                continue
            }
            guard case .error = reply else { return .acknowledged }
            let words = (reply.string ?? "").split(separator: " ")
            switch words.first {
            case "MOVED" where words.count >= 3:
                ledger.moved += 1
                if let address = try? NodeAddress(parsing: String(words[2])) {
                    slotOwners[slot] = address
                }
            case "ASK" where words.count >= 3:
                ledger.asked += 1
                askTarget = try? NodeAddress(parsing: String(words[2]))
            case "TRYAGAIN", "CLUSTERDOWN", "LOADING":
                ledger.retried += 1
                try? await Task.sleep(for: .milliseconds(20))
                if words.first == "CLUSTERDOWN" { await refreshMap() }
            default:
                return mayHaveHappened ? .unknown : .refused
            }
        }
        return mayHaveHappened ? .unknown : .refused
    }

    private func connection(to node: NodeAddress) async throws -> RedisConnection {
        if let open = connections[node], open.isOpen { return open }
        let connection = try await RedisConnection.connect(to: node, options: options)
        connections[node] = connection
        return connection
    }

    /// Reads the slot map from the first seed or known node that answers `CLUSTER SLOTS`.
    private func refreshMap() async {
        for node in Set(seeds + Array(slotOwners.values)) {
            guard let connection = try? await connection(to: node),
                let reply = try? await connection.send("CLUSTER", "SLOTS"), let ranges = reply.elements
            else { continue }
            var owners: [Int: NodeAddress] = [:]
            for range in ranges {
                guard let fields = range.elements, fields.count >= 3,
                    let low = fields[0].int, let high = fields[1].int, low <= high,
                    let endpoint = fields[2].elements, endpoint.count >= 2,
                    let host = endpoint[0].string, let port = endpoint[1].int
                else { continue }
                let address = NodeAddress(host: host.isEmpty ? node.host : host, port: port)
                for slot in low...high { owners[slot] = address }
            }
            if !owners.isEmpty {
                slotOwners = owners
                return
            }
        }
    }
}
