import Foundation
import RESP
import RedisTrib
import Testing
import TribCommands

@Suite("redis-trib sandbox")
struct SandboxTests {
    @Test("start builds masters and replicas, status lists them, stop stops them by pid and removes the folder")
    func lifecycle() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("redis-trib-nodes-sandbox-\(UUID().uuidString.prefix(6))").path
        let environment = ["REDIS_TRIB_SANDBOX": folder]
        defer { _ = try? TribProcess.runBlocking(["sandbox", "stop"], environment: environment) }
        let start = try await TribProcess.run(["sandbox", "start", "4", "--replicas", "1"], environment: environment)
        #expect(start.status == 0, "\(start.err)")
        let state = try #require(try Sandbox(directory: folder).state())
        #expect(state.nodes.count == 4 && state.nodes.allSatisfy(\.isRunning))
        let view = ClusterOperator()
        let (nodes, _) = try await view.listNodes(state.nodes[0].address)
        await view.close()
        #expect(nodes.filter(\.isMaster).count == 2 && nodes.filter(\.isReplica).count == 2)
        #expect(nodes.filter(\.isMaster).allSatisfy { nodes.filter(\.isReplica).map(\.masterID).contains($0.id) })

        let again = try await TribProcess.run(["sandbox", "start"], environment: environment)
        #expect(again.status == 1 && again.err.contains("a sandbox is already running"))
        let status = try await TribProcess.run(["sandbox", "status"], environment: environment)
        #expect(status.out.split(separator: "\n").filter { $0.hasSuffix("running") }.count == 4)

        let stop = try await TribProcess.run(["sandbox", "stop"], environment: environment)
        #expect(stop.out == "stopped 4 sandbox node(s)\n")
        #expect(state.nodes.allSatisfy { !$0.isRunning })
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}

@Suite("The sandbox touches only what it made", .serialized)
struct SandboxSafetyTests {
    /// A new folder under the temporary folder (never the real home folder).
    static func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("redis-trib-sandbox-safety-\(UUID().uuidString.prefix(6))").path
    }

    @Test("a folder without the sandbox's marker is neither filled by start nor deleted by stop")
    func unmarkedFolderIsKept() async throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let precious = folder + "/precious.txt"
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: precious))
        let environment = ["REDIS_TRIB_SANDBOX": folder]

        let start = try await TribProcess.run(["sandbox", "start", "1", "--replicas", "0"], environment: environment)
        #expect(start.status == 1 && start.err.contains("is not a redis-trib sandbox"), "\(start.err)")
        let stop = try await TribProcess.run(["sandbox", "stop"], environment: environment)
        #expect(stop.status == 0 && stop.out.contains("kept \(folder)"), "\(stop.out)\(stop.err)")
        #expect(FileManager.default.fileExists(atPath: precious))

        // A record without the marker (as older versions wrote) does not make the folder ours either.
        try Data(#"{"server":"redis-server","nodes":[]}"#.utf8).write(to: URL(fileURLWithPath: folder + "/sandbox.json"))
        #expect(try await TribProcess.run(["sandbox", "stop"], environment: environment).status == 0)
        #expect(FileManager.default.fileExists(atPath: precious))
    }

    @Test("a recorded pid that now belongs to another process is never signalled")
    func reusedPidIsLeftAlone() async throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["1000"]
        try sleeper.run()
        defer {
            // SIGKILL: the test runner's blocked signals are passed on, SIGTERM among them.
            kill(sleeper.processIdentifier, SIGKILL)
            sleeper.waitUntilExit()
        }
        let pid = sleeper.processIdentifier
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: folder + "/.redis-trib-sandbox"))
        let record =
            #"{"server":"/usr/bin/redis-server","nodes":["#
            + #"{"pid":\#(pid),"address":"127.0.0.1:12999","directory":"\#(folder)/12999"},"#
            + #"{"pid":\#(pid),"address":"127.0.0.1:13000","directory":"\#(folder)/13000","startTime":1}]}"#
        try Data(record.utf8).write(to: URL(fileURLWithPath: folder + "/sandbox.json"))
        let environment = ["REDIS_TRIB_SANDBOX": folder]

        let status = try await TribProcess.run(["sandbox", "status"], environment: environment)
        #expect(status.out.contains("127.0.0.1:12999  pid \(pid)  stopped"), "\(status.out)\(status.err)")
        let stop = try await TribProcess.run(["sandbox", "stop"], environment: environment)
        #expect(stop.status == 0, "\(stop.err)")
        #expect(stop.out.contains("stopped 0 sandbox node(s)") && stop.out.contains("left pid \(pid) alone"), "\(stop.out)")
        try await Task.sleep(for: .milliseconds(200))
        #expect(sleeper.isRunning)
    }

    @Test("a corrupt sandbox.json is an error naming the file and the servers still running; nothing is stopped")
    func corruptRecord() async throws {
        let folder = Self.temporaryFolder()
        let environment = ["REDIS_TRIB_SANDBOX": folder]
        defer { _ = try? TribProcess.runBlocking(["sandbox", "stop"], environment: environment) }
        let start = try await TribProcess.run(["sandbox", "start", "1", "--replicas", "0"], environment: environment)
        #expect(start.status == 0, "\(start.err)")
        let state = try #require(try Sandbox(directory: folder).state())
        let recordFile = folder + "/sandbox.json"
        let record = try Data(contentsOf: URL(fileURLWithPath: recordFile))
        try Data(record.prefix(record.count / 2)).write(to: URL(fileURLWithPath: recordFile))

        for action in ["stop", "status", "start"] {
            let result = try await TribProcess.run(["sandbox", action], environment: environment)
            #expect(result.status == 1, "\(action): \(result.out)")
            #expect(result.err.contains("the sandbox record \(recordFile) cannot be read"), "\(action): \(result.err)")
            #expect(result.err.contains("pid \(state.nodes[0].pid) ("), "\(action): \(result.err)")
        }
        #expect(state.nodes[0].isRunning)
        #expect(throws: TribError.self) { try Sandbox(directory: folder).state() }

        try record.write(to: URL(fileURLWithPath: recordFile))
        let stop = try await TribProcess.run(["sandbox", "stop"], environment: environment)
        #expect(stop.out.hasPrefix("stopped 1 sandbox node(s)"), "\(stop.out)\(stop.err)")
        #expect(!state.nodes[0].isRunning)
    }

    @Test("--dry-run sandbox start and stop say what they would do and start or stop nothing")
    func dryRun() async throws {
        let folder = Self.temporaryFolder()
        let environment = ["REDIS_TRIB_SANDBOX": folder]
        defer { _ = try? TribProcess.runBlocking(["sandbox", "stop"], environment: environment) }
        let planned = try await TribProcess.run(["--dry-run", "sandbox", "start", "2", "--replicas", "0"], environment: environment)
        #expect(planned.status == 0, "\(planned.err)")
        #expect(planned.out.contains("would start 2 ") && planned.out.contains(folder), "\(planned.out)")
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(ServerProcess.inside(folder).isEmpty)

        #expect(try await TribProcess.run(["sandbox", "start", "1", "--replicas", "0"], environment: environment).status == 0)
        let state = try #require(try Sandbox(directory: folder).state())
        let stop = try await TribProcess.run(["--dry-run", "sandbox", "stop"], environment: environment)
        #expect(stop.out.contains("would stop \(state.nodes[0].address) (pid \(state.nodes[0].pid))"), "\(stop.out)")
        #expect(stop.out.contains("would delete \(folder)"), "\(stop.out)")
        #expect(state.nodes[0].isRunning)
        #expect(FileManager.default.fileExists(atPath: folder + "/sandbox.json"))
    }
}
