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
}
