import RESP
import Testing

@testable import RedisTrib

@Suite("rescue's new config epoch")
struct EpochTests {
    let node = NodeAddress(host: "127.0.0.1", port: 7000)

    @Test("one above the highest of the current epoch and every config epoch")
    func above() throws {
        #expect(try ClusterOperator.epochAbove(current: "7", configEpochs: [3, 9, 2], node: node) == 10)
        #expect(try ClusterOperator.epochAbove(current: "12", configEpochs: [3], node: node) == 13)
        #expect(try ClusterOperator.epochAbove(current: nil, configEpochs: [], node: node) == 1)
    }

    @Test(
        "epochs a server reports at or beyond 2^63 - 1, or malformed, are named errors, not traps",
        arguments: [
            ("9223372036854775807", [UInt64]()),
            ("0", [UInt64(1) << 63]),
            ("0", [UInt64.max]),
            ("18446744073709551616", []),
            ("-1", []),
            ("+5", []),
        ]
    )
    func refused(current: String, configEpochs: [UInt64]) {
        #expect(throws: TribError.self) {
            try ClusterOperator.epochAbove(current: current, configEpochs: configEpochs, node: node)
        }
        do {
            _ = try ClusterOperator.epochAbove(current: current, configEpochs: configEpochs, node: node)
        } catch {
            #expect(error.code == .unexpectedReply)
            #expect(error.node == node)
        }
    }
}
