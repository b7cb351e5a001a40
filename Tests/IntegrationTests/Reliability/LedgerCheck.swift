import NIOCore
import RESP
import RedisTrib

/// The keys of a cluster compared with what a ``ClusterWriter`` was told and what was written
/// before: every acknowledged or written key on its slot's owner with its value, and every counter
/// between its acknowledged INCRs and those plus the unknown ones.
struct LedgerCheck: Sendable {
    /// Keys (and counters) checked.
    var keysChecked = 0
    /// Keys missing, with a wrong value, or only on a master that does not own their slot; counters out of bounds.
    var lost: [String] = []
    /// Keys found that nobody wrote (neither acknowledged nor of unknown outcome).
    var unexpected: [String] = []
    /// Every key found on its slot's owner with its value: what the next operation starts from.
    var found: [ByteBuffer: ByteBuffer] = [:]

    /// Reads every master of `cluster` and compares.
    /// - Parameters:
    ///   - written: keys written before the operation, with their values.
    ///   - ledger: the writer's ledger, or an empty one.
    static func read(
        _ cluster: [NodeAddress], written: [ByteBuffer: ByteBuffer], ledger: ClusterWriter.Ledger = .init()
    ) async throws -> LedgerCheck {
        var found: [ByteBuffer: ByteBuffer] = [:]
        var misplaced: Set<ByteBuffer> = []
        for node in try await readAllKeys(cluster) where node.isMaster {
            for (key, value) in node.values {
                if node.ownedSlots.contains(HashSlot.forKey(key.readableBytesView)) {
                    found[key] = value ?? ByteBuffer(string: "<not a string>")
                } else {
                    misplaced.insert(key)
                }
            }
        }
        var check = LedgerCheck()
        check.found = found
        var expected = written
        expected.merge(ledger.acknowledged) { _, new in new }
        for (key, value) in expected {
            check.keysChecked += 1
            guard let actual = found[key] else {
                check.lost.append("\(RESPValue.quoted(key)) missing" + (misplaced.contains(key) ? " (on a master not owning its slot)" : ""))
                continue
            }
            if actual != value {
                check.lost.append("\(RESPValue.quoted(key)) is \(RESPValue.quoted(actual)), not \(RESPValue.quoted(value))")
            }
        }
        for counter in Set(ledger.increments.keys).union(ledger.unknownIncrements.keys) {
            check.keysChecked += 1
            let low = ledger.increments[counter] ?? 0
            let high = low + (ledger.unknownIncrements[counter] ?? 0)
            let value = found[counter].flatMap { Int(String(buffer: $0)) } ?? 0
            if value < low || value > high {
                check.lost.append("counter \(RESPValue.quoted(counter)) is \(value), not within \(low)…\(high)")
            }
        }
        for key in found.keys
        where expected[key] == nil && ledger.unknownKeys[key] == nil
            && ledger.increments[key] == nil && ledger.unknownIncrements[key] == nil
        {
            check.unexpected.append(RESPValue.quoted(key))
        }
        return check
    }

    /// A short account for a failed expectation.
    var summary: String {
        "\(lost.count) lost: " + lost.sorted().prefix(5).joined(separator: "; ")
            + (unexpected.isEmpty ? "" : "; \(unexpected.count) unexpected: " + unexpected.sorted().prefix(5).joined(separator: "; "))
    }
}
