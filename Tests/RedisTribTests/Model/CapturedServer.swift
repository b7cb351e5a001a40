import RESP
import Testing

@testable import RedisTrib

/// A server the fixtures were captured from, and where `capture-fixtures.sh` put its nodes:
/// node `n` listens on `127.0.0.1:(basePort + n)` with its cluster bus 10000 below.
struct CapturedServer: Sendable, CustomTestStringConvertible {
    /// The fixture name prefix, `redis7` or `valkey9`.
    let prefix: String
    /// The port before node 1's.
    let basePort: Int

    static let redis7 = CapturedServer(prefix: "redis7", basePort: 31100)
    static let valkey9 = CapturedServer(prefix: "valkey9", basePort: 31200)
    static let all = [redis7, valkey9]

    var testDescription: String { prefix }

    /// The parsed fixture `<prefix>-<scenario>.txt`.
    func topology(_ scenario: String) throws -> ClusterTopology {
        try ClusterNodesFixture.topology("\(prefix)-\(scenario)")
    }

    /// Where node `number` listens.
    func address(ofNode number: Int) -> NodeAddress {
        NodeAddress(host: "127.0.0.1", port: basePort + number)
    }

    /// Node `number`'s cluster-bus port.
    func busPort(ofNode number: Int) -> Int {
        basePort + number - 10000
    }

    /// Node `number` of `topology`, found by its address.
    func node(_ number: Int, in topology: ClusterTopology) throws -> ClusterNode {
        try #require(topology.node(at: address(ofNode: number)), "no node at \(address(ofNode: number))")
    }
}
