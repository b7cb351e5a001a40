import RESP
import Testing

@testable import RedisTrib

@Suite("rescue counts a master dead only on facts")
struct DeadMasterVerdictTests {
    static let seed = NodeAddress(host: "127.0.0.1", port: 7000)

    static func master(_ flags: Set<ClusterNode.Flag>) -> ClusterNode {
        ClusterNode(id: "m", address: NodeAddress(host: "127.0.0.1", port: 7002), flags: flags.union([.master]), slots: SlotSet(10923...16383))
    }

    static func replica(failed: Bool) -> ClusterNode {
        ClusterNode(id: "r", address: NodeAddress(host: "127.0.0.1", port: 7005), flags: failed ? [.replica, .failed] : [.replica], masterID: "m")
    }

    @Test("a master only suspected (fail?) keeps its slots, even when it does not answer")
    func suspected() throws {
        let master = Self.master([.possiblyFailed])
        let verdict = try #require(DeadMasterVerdict(master, answers: false, in: ClusterTopology(nodes: [master]), seed: Self.seed, force: false))
        #expect(verdict.sparedBecause == "does not answer, but the cluster only suspects it failed (fail?) (--force takes its slots anyway)")
    }

    @Test("an agreed failure with a live replica is spared; with a failed replica, or none, the master is dead")
    func replicas() throws {
        let master = Self.master([.failed])
        let withReplica = try #require(
            DeadMasterVerdict(master, answers: false, in: ClusterTopology(nodes: [master, Self.replica(failed: false)]), seed: Self.seed, force: false))
        #expect(withReplica.sparedBecause?.contains("its replica 127.0.0.1:7005 can still take over") == true)
        let deadReplica = try #require(
            DeadMasterVerdict(master, answers: false, in: ClusterTopology(nodes: [master, Self.replica(failed: true)]), seed: Self.seed, force: false))
        #expect(deadReplica.sparedBecause == nil && deadReplica.overridden == nil)
    }

    @Test("a master that answers is never dead, flagged or not, with --force or not")
    func answering() throws {
        let master = Self.master([.failed])
        let verdict = try #require(DeadMasterVerdict(master, answers: true, in: ClusterTopology(nodes: [master]), seed: Self.seed, force: true))
        #expect(verdict.sparedBecause?.hasPrefix("answers this tool") == true)
        #expect(DeadMasterVerdict(Self.master([]), answers: true, in: ClusterTopology(nodes: []), seed: Self.seed, force: true) == nil)
    }

    @Test("--force takes an unreachable master's slots and says what it overrode")
    func forced() throws {
        let master = Self.master([.possiblyFailed])
        let verdict = try #require(DeadMasterVerdict(master, answers: false, in: ClusterTopology(nodes: [master]), seed: Self.seed, force: true))
        #expect(verdict.sparedBecause == nil)
        #expect(verdict.overridden == "the cluster only suspects it failed (fail?)")
    }
}
