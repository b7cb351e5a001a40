import Foundation
import RESP
import RedisTrib
import TribShell

/// The options every command takes, wherever they stand on the line.
struct GlobalOptions {
    var password: String?
    var username: String?
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

    /// The global options, one line each, for `help`.
    static let help: [(String, String)] = [
        ("-a, --pass PASSWORD", "the password of every node (also $REDISCLI_AUTH); never printed; warns that others may see it"),
        ("--askpass", "read the password from the terminal without echo (one line of stdin when not a terminal)"),
        ("--no-auth-warning", "no warning about a password given with -a"),
        ("--user USER", "the ACL user that goes with the password"),
        ("--timeout SECONDS", "how long to wait for the cluster to agree after a change (default 60)"),
        ("--connect-timeout SECONDS", "how long to wait for a connection (default 5)"),
        ("--command-timeout SECONDS", "how long to wait for a reply (default 5)"),
        ("--json", "print results and errors as JSON, one object per line"),
        ("--dry-run", "change nothing: send only commands that read; print every other one (and its node) instead"),
        ("-c STATEMENTS", "run statements of the shell language and exit"),
        ("--keep-going", "in a script, report a failing statement and go on with the next"),
        ("-v, --verbose", "log every command sent to every node on stderr (never a password)"),
        ("-h, --help", "show help; `redis-trib help COMMAND` for one command"),
        ("--version", "show the version"),
    ]

    /// Takes the global options out of `arguments`, leaving the command and its own arguments.
    ///
    /// The words of a command to run (`execute … COMMAND ARG…`) are left alone.
    static func extract(from arguments: [String], environment: [String: String]) throws(TribError) -> (GlobalOptions, [String]) {
        var options = GlobalOptions()
        options.password = environment["REDISCLI_AUTH"].flatMap { $0.isEmpty ? nil : $0 }
        var rest: [String] = []
        var index = 0
        var positional = 0
        var signature: CommandSignature?
        func value(_ name: String) throws(TribError) -> String {
            guard index < arguments.count else { throw TribError(.usage, "\(name) needs a value") }
            index += 1
            return arguments[index - 1]
        }
        func seconds(_ name: String) throws(TribError) -> Double {
            let text = try value(name)
            guard let number = Double(text), number > 0, number.isFinite else {
                throw TribError(.usage, "\(name) takes a number of seconds above 0, not '\(text)'")
            }
            return number
        }
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if let signature, let words = signature.parameters.firstIndex(where: { $0.kind == .words }), positional > words {
                rest.append(token)
                continue
            }
            switch token {
            case "-a", "--pass", "--password":
                options.password = try value(token)
                options.passwordOnCommandLine = true
            case "--askpass": options.askPassword = true
            case "--no-auth-warning": options.noAuthWarning = true
            case "--user": options.username = try value(token)
            case "-v", "--verbose": options.verbose = true
            case "--json": options.json = true
            case "--dry-run": options.dryRun = true
            case "--keep-going": options.keepGoing = true
            case "-c": options.statements = try value(token)
            case "-h", "--help": options.help = true
            case "--version": options.version = true
            case "--timeout": options.waitTimeout = try seconds(token)
            case "--connect-timeout": options.connectTimeout = try seconds(token)
            case "--command-timeout": options.commandTimeout = try seconds(token)
            default:
                rest.append(token)
                if !token.hasPrefix("-") {
                    if signature == nil {
                        signature = CommandCatalog.command(named: token)
                    } else {
                        positional += 1
                    }
                }
            }
        }
        return (options, rest)
    }

    /// redis-cli's warning for a password given on the command line, word for word.
    static let authWarning = "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe."

    /// Reads the password when `--askpass` asks for it, and prints redis-cli's warning on standard
    /// error when the password was given on the command line (unless `--no-auth-warning`).
    mutating func settlePassword() {
        if askPassword {
            password = PasswordReader.read(prompt: "Please input password: ") ?? ""
        } else if passwordOnCommandLine, !noAuthWarning {
            FileHandle.standardError.write(Data((Self.authWarning + "\n").utf8))
        }
    }
}
