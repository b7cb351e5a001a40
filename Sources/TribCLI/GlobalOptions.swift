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
    /// `--tls` was given.
    var tlsRequested = false
    /// The TLS options as given (`--cacert`, `--cert`, `--sni`, …); ``tls`` is made from them.
    var tlsSettings = TLSSettings()
    /// TLS for every connection, its files read and checked once the options are read; `nil` without `--tls`.
    var tls: TLSOptions?

    /// The values of the TLS options, as given.
    struct TLSSettings {
        var caFile: String?
        var caDirectory: String?
        var certificateFile: String?
        var keyFile: String?
        var insecure = false
        var serverName: String?
        var ciphers: String?
        var cipherSuites: String?
    }

    /// The options that only mean something with `--tls`.
    static let tlsOnlyOptions = ["--cacert", "--cacertdir", "--cert", "--key", "--insecure", "--sni", "--tls-ciphers", "--tls-ciphersuites"]

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
        try options.settleTLS(given: seen)
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

    /// Makes ``tls`` from the TLS options, reading and checking their files now, before any connection.
    ///
    /// `-u rediss://…` asks for TLS as `--tls` does.
    ///
    /// - Throws: ``TribError`` `.usage` for a TLS option without `--tls` (redis-cli ignores them then;
    ///   a user who gives `--cacert` means TLS), `.invalidArgument` for a file or name that cannot be used.
    private mutating func settleTLS(given seen: [String: String]) throws(TribError) {
        guard tlsRequested || uri?.tls == true else {
            if let option = Self.tlsOnlyOptions.first(where: { seen[$0] != nil }) {
                throw TribError(.usage, "\(option) is a TLS option: give --tls as well")
            }
            return
        }
        let settings = tlsSettings
        do {
            tls = try TLSOptions(
                caFile: settings.caFile, caDirectory: settings.caDirectory, certificateFile: settings.certificateFile, keyFile: settings.keyFile,
                insecure: settings.insecure, serverName: settings.serverName, ciphers: settings.ciphers, cipherSuites: settings.cipherSuites
            )
        } catch {
            throw TribError(.invalidArgument, error.description)
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
