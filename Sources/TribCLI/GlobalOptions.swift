import Foundation
import RESP
import RedisTrib
import TribCommands
import TribShell

/// The options every command takes, wherever they stand on the line.
struct GlobalOptions {
    var password: String?
    var username: String?
    /// `-u`: a connection string, whose user, password and TLS go to every node and whose node is
    /// the default cluster.
    var uri: ConnectionURI?
    /// The password was given on the command line (`-a`, `--pass`), where others may read it.
    var passwordOnCommandLine = false
    /// `--askpass`: read the password from the terminal (or a line of standard input).
    var askPassword = false
    /// `--no-auth-warning`: no warning about a password on the command line.
    var noAuthWarning = false
    var verbose = false
    var json = false
    var help = false
    var version = false
    var keepGoing = false
    var dryRun = false
    /// Statements given with `-c`.
    var statements: String?
    var waitTimeout: Double = 60
    var connectTimeout: Double = 5
    var commandTimeout: Double = 5
    /// Loop iterations one run of statements may run (`nil`: the interpreter's default).
    var maximumLoopIterations: Int?

    /// Takes the global options out of `arguments`, leaving the command and its own arguments.
    ///
    /// The words of a command to run (`execute … COMMAND ARG…`) are left alone. An option given
    /// twice (under any of its names) is an error, and so is a number outside its range.
    static func extract(from arguments: [String], environment: [String: String]) throws(TribError) -> (GlobalOptions, [String]) {
        var options = GlobalOptions()
        // valkey-cli's variable first, as valkey-cli reads them.
        options.password = (environment["VALKEYCLI_AUTH"] ?? environment["REDISCLI_AUTH"]).flatMap { $0.isEmpty ? nil : $0 }
        var rest: [String] = []
        var index = 0
        var positional = 0
        var signature: CommandSignature?
        var seen: [String: String] = [:]
        /// Notes the option `name` (spelled `token`); a second time is an error naming both spellings.
        func once(_ name: String, _ token: String) throws(TribError) {
            if let earlier = seen[name] {
                let spellings = earlier == token ? "" : " (as \(earlier) and \(token))"
                throw TribError(.usage, "\(name) is given more than once\(spellings)")
            }
            seen[name] = token
        }
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if let signature, let words = signature.parameters.firstIndex(where: { $0.kind == .words }), positional > words {
                rest.append(token)
                continue
            }
            guard let option = GlobalOption.named(token) else {
                rest.append(token)
                if !token.hasPrefix("-") {
                    if signature == nil {
                        signature = CommandCatalog.command(named: token)
                    } else {
                        positional += 1
                    }
                }
                continue
            }
            try once(option.canonicalName, token)
            var value: String?
            if option.placeholder != nil {
                guard index < arguments.count else { throw TribError(.usage, "\(token) needs a value") }
                value = arguments[index]
                index += 1
            }
            try option.apply(&options, value, token)
        }
        try options.takeCredentials(of: options.uri)
        return (options, rest)
    }

    /// Takes the user and password of a connection string, unless `-a`/`--user` gave them too,
    /// which is an error: which one was meant cannot be told.
    private mutating func takeCredentials(of uri: ConnectionURI?) throws(TribError) {
        guard let uri else { return }
        if let user = uri.username {
            if username != nil, username != user {
                throw TribError(.usage, "--user and the user of -u \(uri) differ: give the user once")
            }
            username = user
        }
        if let secret = uri.password {
            if passwordOnCommandLine {
                throw TribError(.usage, "-a and the password of -u \(uri) are both given: give the password once")
            }
            password = secret
            passwordOnCommandLine = true
        }
    }

    /// Reads the password when `--askpass` asks for it, and prints redis-cli's warning on standard
    /// error when the password was given on the command line (unless `--no-auth-warning`).
    mutating func settlePassword() {
        if askPassword {
            password = PasswordReader.read(prompt: "Please input password: ") ?? ""
        } else if passwordOnCommandLine, !noAuthWarning {
            OutputRenderer(json: json).render(Notice.passwordOnCommandLine)
        }
    }
}
