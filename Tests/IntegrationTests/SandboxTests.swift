import Foundation
import RESP
import RedisTrib
import Testing

@Suite("redis-trib sandbox")
struct SandboxTests {
    @Test("start builds masters and replicas, status lists them, stop stops them by pid and removes the folder")
    func lifecycle() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("redis-trib-nodes-sandbox-\(UUID().uuidString.prefix(6))").path
        let environment = ["REDIS_TRIB_SANDBOX": folder]
        defer { _ = try? TribProcess.run(["sandbox", "stop"], environment: environment) }
        let start = try TribProcess.run(["sandbox", "start", "4", "--replicas", "1"], environment: environment)
        #expect(start.status == 0, "\(start.err)")
        let state = try #require(try Sandbox(directory: folder).state())
        #expect(state.nodes.count == 4 && state.nodes.allSatisfy(\.isRunning))
        let view = ClusterOperator()
        let (nodes, _) = try await view.listNodes(state.nodes[0].address)
        await view.close()
        #expect(nodes.filter(\.isMaster).count == 2 && nodes.filter(\.isReplica).count == 2)
        #expect(nodes.filter(\.isMaster).allSatisfy { nodes.filter(\.isReplica).map(\.masterID).contains($0.id) })

        let again = try TribProcess.run(["sandbox", "start"], environment: environment)
        #expect(again.status == 1 && again.err.contains("a sandbox is already running"))
        let status = try TribProcess.run(["sandbox", "status"], environment: environment)
        #expect(status.out.split(separator: "\n").filter { $0.hasSuffix("running") }.count == 4)

        let stop = try TribProcess.run(["sandbox", "stop"], environment: environment)
        #expect(stop.out == "stopped 4 sandbox node(s)\n")
        #expect(state.nodes.allSatisfy { !$0.isRunning })
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}
