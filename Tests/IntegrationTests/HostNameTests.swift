import Foundation
import RESP
import RedisTrib
import Testing
import TribCommands

/// Nodes that announce host names, and addresses given by name, by IP, by id and in IPv6, against
/// real servers (`$REDIS_TRIB_SERVER`).
///
/// The names exist only for the tool's own runs: each runs in a mount namespace of its own where a
/// hosts file the test wrote stands in for `/etc/hosts` (``HostsFile``), so nothing of the machine's
/// resolver changes.
@Suite("host names and IPv6 on real servers", .serialized)
struct HostNameTests {
    @Test(
        "a cluster announcing host names is built from names and IPs, reached by its names, and migrate_slots, check and info take a node by name, by IP or by id"
    )
    func announcedHostNames() async throws {
        try await withLocalServers(3, hosts: ["127.0.0.1", "127.0.0.2", "127.0.0.3"]) { servers in
            let (a, b, c) = (servers[0].address, servers[1].address, servers[2].address)
            let names = ["node-a.test", "node-b.test", "node-c.test"]
            let hosts = try HostsFile(zip(names, servers.map(\.address.host)).map { ($0, $1) })
            defer { hosts.remove() }
            for (server, name) in zip(servers, names) {
                try await withConnection(to: server.address) { connection in
                    try await connection.send("CONFIG", "SET", "cluster-announce-hostname", name)
                    try await connection.send("CONFIG", "SET", "cluster-preferred-endpoint-type", "hostname")
                }
            }
            let byName = zip(names, servers).map { "\($0):\($1.address.port)" }

            // MEET takes IPs only: the names are resolved by the tool.
            let create = try await hosts.run(["start_multi", byName[0], byName[1], c.description])
            #expect(create.status == 0, "\(create.err)")
            try await assertClusterHealthy([a, b, c], expectedMasters: 3)
            let listed = try #require(try await ownView(b))
            #expect(listed.hostname == names[1], "the cluster announces the name: \(listed)")

            // Every other node is reached by the name it announces, not the IP its view lists.
            let check = try await hosts.run(["-v", "check", a.description])
            #expect(check.status == 0, "\(check.out)\(check.err)")
            #expect(check.err.contains(byName[1]) && check.err.contains(byName[2]), "\(check.err)")
            #expect(!check.err.contains(b.description), "reached by IP instead of its name: \(check.err)")

            let moved = try SlotSet(parsing: "0-9")
            let keys = SlotKeys(slots: moved, perSlot: 20)
            try await keys.write(to: a)
            let total = try await totalKeys([a, b, c])
            // Source by name, target by IP; then back with the target by id, the source by IP.
            let forth = try await hosts.run(["migrate_slots", byName[0], b.description, "0-9"])
            #expect(forth.status == 0, "\(forth.err)")
            #expect(try await keys.missing(on: b) == [])
            let aID = try #require(try await ownView(a)?.id)
            let back = try await hosts.run(["migrate_slots", b.description, String(aID.prefix(10)), "0-9"])
            #expect(back.status == 0, "\(back.err)")
            #expect(try await keys.missing(on: a) == [])
            // The same node under its name and its IP is one node, not two.
            let same = try await hosts.run(["migrate_slots", byName[0], a.description, "0-9"])
            #expect(same.status == 2 && same.err.contains("source and target are the same node"), "\(same.err)")
            #expect(try await totalKeys([a, b, c]) == total)

            let info = try await hosts.run(["info", byName[2]])
            #expect(info.status == 0 && info.out.contains("3 masters"), "\(info.out)\(info.err)")
            let unknown = try await hosts.run(["check", "nowhere.test:\(a.port)"])
            #expect(unknown.status == 1 && unknown.err.contains("nowhere.test"), "\(unknown.err)")
        }
    }

    @Test(
        "TLS with certificates for a name only: a cluster announcing that name is built, checked and resharded with every node reached and verified by name; by IP the name check fails",
        .enabled(if: TLSSupport.runsTLSTests)
    )
    func announcedNamesOverTLS() async throws {
        try await withTLSServers(3, certificate: "named") { certificates, servers in
            let name = TLSCertificates.serverName
            let addresses = servers.map(\.address)
            // The test's own connections go to the IPs and verify the certificates' name.
            let verified = ConnectionOptions(tls: try TLSOptions(caFile: certificates.path("ca.crt"), serverName: name))
            for address in addresses {
                try await withConnection(to: address, options: verified) { connection in
                    try await connection.send("CONFIG", "SET", "cluster-announce-hostname", name)
                    try await connection.send("CONFIG", "SET", "cluster-preferred-endpoint-type", "hostname")
                }
            }
            let hosts = try HostsFile([(name, "127.0.0.1")])
            defer { hosts.remove() }
            let named = addresses.map { "\(name):\($0.port)" }
            let tls = certificates.arguments
            let create = try await hosts.run(tls + ["start_multi"] + named)
            #expect(create.status == 0, "\(create.out) \(create.err)")
            // check from one node reaches the others, listed by IP, by the name their certificates carry.
            let check = try await hosts.run(tls + ["check", named[0]])
            #expect(check.status == 0, "\(check.out) \(check.err)")
            let moved = try SlotSet(parsing: "0-9")
            let keys = SlotKeys(slots: moved, perSlot: 20)
            try await keys.write(to: addresses[0], options: verified)
            let migrate = try await hosts.run(tls + ["migrate_slots", named[0], named[1], "0-9"])
            #expect(migrate.status == 0, "\(migrate.out) \(migrate.err)")
            #expect(try await keys.missing(on: addresses[1], options: verified) == [])
            #expect(try await totalKeys(addresses, options: verified) == keys.values.count)
            // By IP, the certificate (a name only) does not match.
            let byIP = try await hosts.run(tls + ["check", addresses[0].description])
            #expect(byIP.status == 1 && byIP.err.contains(addresses[0].description), "\(byIP.err)")
        }
    }

    @Test(
        "a node announcing a name that does not resolve, or whose address refuses the connection, is reached at the IP its cluster lists"
    )
    func unreachableAnnouncedNames() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            // elsewhere.test resolves to 127.0.0.9, where nothing listens.
            let hosts = try HostsFile([("elsewhere.test", "127.0.0.9")])
            defer { hosts.remove() }
            try await withCluster(servers) { _ in
                for (address, name) in [(addresses[1], "unknown-node.invalid"), (addresses[2], "elsewhere.test")] {
                    try await withConnection(to: address) { connection in
                        try await connection.send("CONFIG", "SET", "cluster-announce-hostname", name)
                    }
                }
                let seen = try await pollUntil {
                    let names = try await readNode(addresses[0]).topology.nodes.compactMap(\.hostname)
                    return names.contains("unknown-node.invalid") && names.contains("elsewhere.test")
                }
                #expect(seen, "the names never reached the others' views")
                let check = try await hosts.run(["check", addresses[0].description])
                #expect(check.status == 0, "\(check.out)\(check.err)")
            }
        }
    }

    @Test("IPv6: a cluster on ::1 is built, moves slots with every key and checks, with addresses in brackets")
    func ipv6() async throws {
        try await withLocalServers(3, hosts: ["::1"]) { servers in
            let (a, b, c) = (servers[0].address, servers[1].address, servers[2].address)
            #expect(a.description.hasPrefix("[::1]:"))
            let create = try await TribProcess.run(["start_multi", a.description, b.description, c.description])
            #expect(create.status == 0, "\(create.err)")
            try await assertClusterHealthy([a, b, c], expectedMasters: 3)
            let moved = try SlotSet(parsing: "0-9")
            let keys = SlotKeys(slots: moved, perSlot: 20)
            try await keys.write(to: a)
            let total = try await totalKeys([a, b, c])
            let migrate = try await TribProcess.run(["migrate_slots", a.description, b.description, "0-9"])
            #expect(migrate.status == 0, "\(migrate.err)")
            #expect(migrate.out.contains("to \(b)"), "\(migrate.out)")
            #expect(try await keys.missing(on: b) == [])
            #expect(try await totalKeys([a, b, c]) == total)
            let check = try await TribProcess.run(["check", c.description])
            #expect(check.status == 0 && check.out.contains("[::1]:"), "\(check.out)\(check.err)")
        }
    }
}

/// Host names only the tool's runs see: a hosts file in a temporary folder, bind-mounted over
/// `/etc/hosts` in a mount namespace of each run's own (`unshare --mount`, which needs root).
struct HostsFile {
    let path: String

    /// Writes a hosts file with `localhost` and each `(name, address)`.
    init(_ entries: [(name: String, address: String)]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trib-hosts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("hosts").path
        let lines = ["127.0.0.1 localhost", "::1 localhost"] + entries.map { "\($0.address) \($0.name)" }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Runs the tool with these names resolvable.
    func run(_ arguments: [String]) async throws -> (status: Int32, out: String, err: String) {
        try await TribProcess.run(
            ["--mount", "/bin/sh", "-c", "mount --bind \"$0\" /etc/hosts && exec \"$@\"", path, TribProcess.binaryPath] + arguments,
            executable: "/usr/bin/unshare"
        )
    }

    /// Removes the file and its folder.
    func remove() {
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }
}
