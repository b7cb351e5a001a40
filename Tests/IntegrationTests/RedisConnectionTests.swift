import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands

#if canImport(Glibc)
import Glibc
#endif

@Suite("A connection to a real node")
struct RedisConnectionTests {
    @Test("PING answers PONG, over IPv4, IPv6 and a host name")
    func ping() async throws {
        try await withLocalServers(1) { servers in
            let port = servers[0].address.port
            for text in ["127.0.0.1:\(port)", "[::1]:\(port)", "localhost:\(port)"] {
                let address = try NodeAddress(parsing: text)
                try await withConnection(to: address) { connection in
                    let reply = try await connection.send("PING")
                    #expect(reply.string == "PONG", "via \(text)")
                }
            }
        }
    }

    @Test("10,000 pipelined SETs of binary keys read back unchanged")
    func pipelinedSets() async throws {
        try await withLocalServers(1) { servers in
            try await withConnection(to: servers[0].address) { connection in
                try await serveAllSlots(connection)
                let keys = (0..<10_000).map { index -> ByteBuffer in
                    var key = ByteBuffer(bytes: [0xFF, 0x0D, 0x0A, 0x20, UInt8(ascii: "{"), UInt8(ascii: "}")])
                    key.writeString("key:\(index)")
                    return key
                }
                let sets = keys.enumerated().map { index, key in
                    RedisCommand(arguments: [ByteBuffer(string: "SET"), key, ByteBuffer(string: "value-\(index)\r\n\u{0}")])
                }
                let replies = try await connection.pipeline(sets)
                #expect(replies.count == 10_000)
                #expect(replies.filter { $0.string != "OK" }.count == 0)
                let gets = keys.map { RedisCommand(arguments: [ByteBuffer(string: "GET"), $0]) }
                let values = try await connection.pipeline(gets)
                let wrong = values.enumerated().filter { index, value in
                    value != .bulkString(ByteBuffer(string: "value-\(index)\r\n\u{0}"))
                }
                #expect(wrong.count == 0, "first wrong: \(String(describing: wrong.first))")
                #expect(try await connection.send("DBSIZE").int == 10_000)
                let scanned = try await connection.send("KEYS", "*")
                let stored = Set(scanned.elements?.compactMap(\.bytes) ?? [])
                #expect(stored.count == 10_000 && stored == Set(keys))
            }
        }
    }

    @Test("an error reply is thrown with its code, and the connection stays usable")
    func serverError() async throws {
        try await withLocalServers(1) { servers in
            try await withConnection(to: servers[0].address) { connection in
                try await serveAllSlots(connection)
                try await connection.send("SET", "k", "v")
                await #expect {
                    try await connection.send("RESTORE", "k", "0", "garbage")
                } throws: { error in
                    guard let error = error as? RedisError, case .server(let reply) = error.kind else { return false }
                    return reply.code == "BUSYKEY" && error.node == servers[0].address
                }
                #expect(try await connection.send("GET", "k").string == "v")
            }
        }
    }

    @Test("AUTH with a password, with an ACL user, and a wrong password's clear error")
    func authentication() async throws {
        try await withLocalServers(1, extraArguments: ["--requirepass", "s3cret"]) { servers in
            let address = servers[0].address
            try await withConnection(to: address, options: ConnectionOptions(password: "s3cret")) { connection in
                #expect(try await connection.send("PING").string == "PONG")
                try await connection.send("ACL", "SETUSER", "alice", "on", ">alicepw", "~*", "+@all")
            }
            try await withConnection(to: address, options: ConnectionOptions(username: "alice", password: "alicepw")) { connection in
                let user = try await connection.send("ACL", "WHOAMI")
                #expect(user.string == "alice")
            }
            await #expect {
                _ = try await RedisConnection.connect(to: address, options: ConnectionOptions(password: "wrong"))
            } throws: { error in
                guard let error = error as? RedisError, case .authenticationFailed(let reply) = error.kind else { return false }
                return reply.code == "WRONGPASS" && error.description.hasPrefix("\(address): authentication failed")
                    && !error.description.contains("wrong")
            }
            // Without AUTH the node refuses commands, and says so.
            try await withConnection(to: address) { connection in
                await #expect {
                    try await connection.send("GET", "k")
                } throws: { ($0 as? RedisError)?.serverError?.code == "NOAUTH" }
            }
        }
    }

    @Test("a port where nothing listens is refused, naming the address")
    func refused() async throws {
        let launcher = try LocalServerLauncher()
        let server = try await launcher.startOne()
        let address = server.address
        await launcher.stop([server])
        await #expect {
            _ = try await RedisConnection.connect(to: address, options: ConnectionOptions(connectTimeout: 2))
        } throws: { error in
            guard let error = error as? RedisError else { return false }
            return error.kind == .connectionRefused && error.node == address
                && error.description == "\(address): connection refused (nothing listens there)"
        }
    }

    @Test("a node that never answers gives a command timeout, and the node is resumed")
    func commandTimeout() async throws {
        try await withLocalServers(1) { servers in
            let server = servers[0]
            let options = ConnectionOptions(commandTimeout: 0.5)
            try await withConnection(to: server.address, options: options) { connection in
                server.signal(SIGSTOP)
                defer { server.signal(SIGCONT) }
                await #expect {
                    try await connection.send("PING")
                } throws: { error in
                    guard let error = error as? RedisError, case .commandTimeout(let command, let seconds) = error.kind else { return false }
                    return command == "PING" && seconds == 0.5 && error.node == server.address
                }
                // The connection is not reused after a timeout: its replies could arrive out of step.
                await #expect(throws: RedisError.self) { try await connection.send("PING") }
            }
            server.signal(SIGCONT)
            try await withConnection(to: server.address) { connection in
                let reply = try await connection.send("PING")
                #expect(reply.string == "PONG")
            }
        }
    }

    @Test("a connection closed by the node fails waiting commands with 'closed'")
    func closedByNode() async throws {
        try await withLocalServers(1) { servers in
            try await withConnection(to: servers[0].address) { connection in
                try await connection.send("CLIENT", "SETNAME", "victim")
                try await withConnection(to: servers[0].address) { killer in
                    try await killer.send("CLIENT", "KILL", "SKIPME", "yes", "TYPE", "normal")
                }
                await #expect {
                    try await connection.send("PING")
                } throws: { ($0 as? RedisError)?.kind == .connectionClosed }
            }
        }
    }
}
