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
    /// Loop iterations one run of statements may run (`nil`: the interpreter's default).
    var maximumLoopIterations: Int?

    /// The global options, one line each, for `help`.
    static let help: [(String, String)] = [
        ("-a, --pass PASSWORD", "the password of every node (also $REDISCLI_AUTH); never printed; warns that others may see it"),
        ("--askpass", "read the password from the terminal without echo (one line of stdin when not a terminal)"),
        ("--no-auth-warning", "no warning about a password given with -a"),
        ("--user USER", "the ACL user that goes with the password"),
        ("--timeout SECONDS", "how long to wait for the cluster to agree after a change (default 60; \(OptionLimits.describe(OptionLimits.waitTimeoutSeconds)))"),
        ("--connect-timeout SECONDS", "how long to wait for a connection (default 5; \(OptionLimits.describe(OptionLimits.connectTimeoutSeconds)))"),
        ("--command-timeout SECONDS", "how long to wait for a reply (default 5; \(OptionLimits.describe(OptionLimits.commandTimeoutSeconds)))"),
        ("--max-loop-iterations N", "in a script, stop after N loop iterations (default 1000000; \(OptionLimits.describe(OptionLimits.loopIterations)))"),
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
    /// The words of a command to run (`execute … COMMAND ARG…`) are left alone. An option given
    /// twice (under any of its names) is an error, and so is a number outside its range.
    static func extract(from arguments: [String], environment: [String: String]) throws(TribError) -> (GlobalOptions, [String]) {
        var options = GlobalOptions()
        options.password = environment["REDISCLI_AUTH"].flatMap { $0.isEmpty ? nil : $0 }
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
        func value(_ name: String) throws(TribError) -> String {
            guard index < arguments.count else { throw TribError(.usage, "\(name) needs a value") }
            index += 1
            return arguments[index - 1]
        }
        func seconds(_ name: String, in range: ClosedRange<Double>) throws(TribError) -> Double {
            try OptionLimits.seconds(try value(name), in: range, for: name)
        }
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if let signature, let words = signature.parameters.firstIndex(where: { $0.kind == .words }), positional > words {
                rest.append(token)
                continue
            }
            if let name = Self.canonicalNames[token] {
                try once(name, token)
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
            case "--timeout": options.waitTimeout = try seconds(token, in: OptionLimits.waitTimeoutSeconds)
            case "--connect-timeout": options.connectTimeout = try seconds(token, in: OptionLimits.connectTimeoutSeconds)
            case "--command-timeout": options.commandTimeout = try seconds(token, in: OptionLimits.commandTimeoutSeconds)
            case "--max-loop-iterations":
                options.maximumLoopIterations = try OptionLimits.wholeNumber(try value(token), in: OptionLimits.loopIterations, for: token)
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

    /// Each spelling of a global option, and the name it is reported by when repeated.
    private static let canonicalNames: [String: String] = [
        "-a": "--pass", "--pass": "--pass", "--password": "--pass", "--user": "--user",
        "-v": "--verbose", "--verbose": "--verbose", "--json": "--json", "--dry-run": "--dry-run",
        "--keep-going": "--keep-going", "-c": "-c", "-h": "--help", "--help": "--help", "--version": "--version",
        "--timeout": "--timeout", "--max-loop-iterations": "--max-loop-iterations", "--connect-timeout": "--connect-timeout", "--command-timeout": "--command-timeout",
        "--askpass": "--askpass", "--no-auth-warning": "--no-auth-warning",
    ]

    /// redis-cli's warning for a password given on the command line, word for word.
    static let authWarning = "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe."

    /// Reads the password when `--askpass` asks for it, and prints redis-cli's warning on standard
    /// error when the password was given on the command line (unless `--no-auth-warning`).
    mutating func settlePassword() {
        if askPassword {
            password = PasswordReader.read(prompt: "Please input password: ") ?? ""
        } else if passwordOnCommandLine, !noAuthWarning {
            ConsoleStream.error.writeLine(Self.authWarning)
        }
    }
}
