import RESP
import RedisTrib
import Testing

@testable import TribCLI

struct NodeTableTests {
    let table = NodeTable.render(SampleNodes.all, myself: SampleNodes.masterA, colour: false)

    @Test func theTableMatchesItsGoldenFile() {
        GoldenFile.expect(table, matches: "list.txt")
    }

    @Test func eachMasterIsFollowedByItsReplicasAndTheRestComeLastInTheirOrder() {
        let addresses = table.split(separator: "\n").dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true)[1] }
        #expect(addresses == ["127.0.0.1:7000", "127.0.0.1:7003", "127.0.0.1:7001", "127.0.0.1:7004", "[::1]:7002", "(no", "127.0.0.1:7005"])
    }

    @Test func flagsShowMyselfFailuresAndSlotsInMotion() throws {
        let lines = table.split(separator: "\n").map(String.init)
        let first = try #require(lines.first { $0.contains(SampleNodes.masterA.id) })
        #expect(first.hasSuffix("myself [5460->-b2b2b2b2]"))
        let importing = try #require(lines.first { $0.contains(SampleNodes.masterB.id) })
        #expect(importing.hasSuffix("[5460-<-a1a1a1a1]"))
        let failed = try #require(lines.first { $0.contains(SampleNodes.replicaB.id) })
        #expect(failed.hasSuffix("fail disconnected"))
        #expect(first.contains("0-5460 (5461)"))
    }

    @Test func colourPaintsEveryLineAndTheTextIsUnchanged() {
        let painted = NodeTable.render(SampleNodes.all, myself: SampleNodes.masterA, colour: true)
        let lines = painted.split(separator: "\n")
        #expect(lines.allSatisfy { $0.hasPrefix("\u{1B}[") && $0.hasSuffix("\u{1B}[0m") })
        let stripped = lines.map { line in
            String(line.drop { $0 != "m" }.dropFirst().dropLast(4))
        }
        #expect(stripped.joined(separator: "\n") == table)
        #expect(lines.first { $0.contains(SampleNodes.replicaB.id) }?.hasPrefix("\u{1B}[31m") == true)
    }
}
