import Foundation
import RESP
import RedisTrib
import Testing
import TribCommands

@Suite("Passwords given to redis-trib: --askpass, the -a warning", .serialized)
struct PasswordOptionTests {
    static let warning = "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe."

    @Test("--askpass reads one line of a pipe; -a warns as redis-cli does unless --no-auth-warning; $REDISCLI_AUTH does not")
    func askpassAndWarning() async throws {
        try await withLocalServers(1, extraArguments: ["--requirepass", "pw-secret"]) { servers in
            let node = servers[0].address.description
            let asked = try await TribProcess.run(["--askpass", "list", node], input: "pw-secret\n")
            #expect(asked.status == 0, "\(asked.err)")
            #expect(!asked.err.contains("Warning") && !asked.err.contains("pw-secret") && !asked.out.contains("pw-secret"))

            let wrong = try await TribProcess.run(["--askpass", "list", node], input: "nope\n")
            #expect(wrong.status == 1 && wrong.err.contains("authentication failed"), "\(wrong.err)")

            // The line after the password is left for what reads standard input next: here, the shell.
            let piped = try await TribProcess.run(["--askpass"], input: "pw-secret\nconnect \(node)\n")
            #expect(piped.status == 0 && piped.out.contains("connected to \(node)"), "\(piped.out)\(piped.err)")

            let warned = try await TribProcess.run(["-a", "pw-secret", "list", node])
            #expect(warned.status == 0)
            #expect(warned.err.hasPrefix(Self.warning + "\n"), "\(warned.err)")

            let quiet = try await TribProcess.run(["--no-auth-warning", "--pass", "pw-secret", "list", node])
            #expect(quiet.status == 0 && !quiet.err.contains("Warning"), "\(quiet.err)")

            let environment = try await TribProcess.run(["list", node], environment: ["REDISCLI_AUTH": "pw-secret"])
            #expect(environment.status == 0 && !environment.err.contains("Warning"), "\(environment.err)")
        }
    }

    @Test(
        "-u redis://USER:PASS@HOST:PORT logs in as that user, warns like -a, and is the cluster of a command that leaves out its node; a script's connect takes one too and never shows its password; $VALKEYCLI_AUTH is read like $REDISCLI_AUTH"
    )
    func connectionStrings() async throws {
        try await withLocalServers(3, extraArguments: ["--requirepass", "pw-secret", "--masterauth", "pw-secret"]) { servers in
            let addresses = servers.map(\.address)
            let nodes = addresses.map(\.description)
            let build = try await TribProcess.run(["start_multi"] + nodes, environment: ["REDISCLI_AUTH": "pw-secret"])
            #expect(build.status == 0, "\(build.err)")
            // An ACL user of its own on every node: -u's user is the one logged in as.
            for address in addresses {
                try await withConnection(to: address, options: ConnectionOptions(password: "pw-secret")) { connection in
                    try await connection.send("ACL", "SETUSER", "op", "on", ">op%secret", "allcommands", "allkeys", "allchannels")
                }
            }
            let host = addresses[0].host
            let uri = "redis://op:op%25secret@\(host):\(addresses[0].port)"
            let listed = try await TribProcess.run(["-u", uri, "list"])
            #expect(listed.status == 0, "\(listed.err)")
            #expect(nodes.allSatisfy(listed.out.contains), "\(listed.out)")
            #expect(listed.err.hasPrefix(Self.warning + "\n") && !listed.err.contains("op%secret"), "\(listed.err)")
            let executed = try await TribProcess.run(["--no-auth-warning", "-u", uri, "execute", "ACL", "WHOAMI"])
            #expect(executed.status == 0 && executed.out.components(separatedBy: "op").count > 3, "\(executed.out)\(executed.err)")

            let wrong = try await TribProcess.run(["-u", "redis://op:nope@\(nodes[1])", "list"])
            #expect(wrong.status == 1 && wrong.err.contains("authentication failed") && !wrong.err.contains("nope"), "\(wrong.err)")
            let twice = try await TribProcess.run(["-a", "x", "-u", uri, "list"])
            #expect(twice.status == 2 && twice.err.contains("give the password once") && !twice.err.contains("op%secret"), "\(twice.err)")
            let badScheme = try await TribProcess.run(["-u", "http://\(nodes[0])", "list"])
            #expect(badScheme.status == 2 && badScheme.err.contains("the scheme 'http'"), "\(badScheme.err)")

            // A script connects with a connection string: every command after logs in with it.
            let script = try await TribProcess.run([
                "-c", "connect \"redis://op:op%25secret@\(nodes[2])\"\nexecute ACL WHOAMI\necho count(masters())",
            ])
            #expect(script.status == 0, "\(script.err)")
            #expect(script.out.hasSuffix("3\n") && script.out.contains("op"), "\(script.out)")
            #expect(!script.out.contains("op%secret") && !script.err.contains("op%secret"))
            let refused = try await TribProcess.run(["-c", "connect \"redis://op:wrong-pw@\(nodes[2])\""])
            #expect(refused.status == 1 && refused.err.contains("authentication failed"), "\(refused.err)")
            #expect(!refused.err.contains("wrong-pw") && refused.err.contains("redis://op:********@"), "\(refused.err)")

            let valkey = try await TribProcess.run(["list", nodes[0]], environment: ["VALKEYCLI_AUTH": "pw-secret"])
            #expect(valkey.status == 0 && !valkey.err.contains("Warning"), "\(valkey.err)")
        }
    }
}
