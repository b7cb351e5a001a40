import RESP
import RedisTrib
import TribCommands

/// One option every command takes, declared once: its spellings, its value, its help line, and
/// where its value goes. ``GlobalOptions/extract(from:environment:)`` parses by these, and `help`
/// lists them, so the two cannot disagree.
struct GlobalOption: Sendable {
    /// Its spellings as help shows them (`-a`, `--pass`); the last is the name a repeat is reported by.
    var names: [String]
    /// Spellings accepted but not shown (`--password`).
    var hiddenNames: [String] = []
    /// The name of its value in help (`SECONDS`); `nil` for a flag.
    var placeholder: String?
    /// One line of help.
    var summary: String
    /// Stores the value (`nil` for a flag), given with the spelling used, in the options.
    var apply: @Sendable (inout GlobalOptions, _ value: String?, _ spelling: String) throws(TribError) -> Void

    /// The name a repeat is reported by.
    var canonicalName: String { names.last ?? "" }

    /// How help shows it: `-a, --pass PASSWORD`.
    var usage: String { names.joined(separator: ", ") + (placeholder.map { " " + $0 } ?? "") }

    /// The option spelled `word`, if any.
    static func named(_ word: String) -> GlobalOption? {
        all.first { $0.names.contains(word) || $0.hiddenNames.contains(word) }
    }

    /// An option that takes a number of seconds within `limits`, kept in `field`.
    private static func seconds(
        _ name: String,
        _ summary: String,
        defaultValue: Int,
        in limits: ClosedRange<Double>,
        into field: any WritableKeyPath<GlobalOptions, Double> & Sendable
    ) -> GlobalOption {
        GlobalOption(
            names: [name], placeholder: "SECONDS",
            summary: "\(summary) (default \(defaultValue); \(OptionLimits.describe(limits)))"
        ) { options, value, spelling throws(TribError) in
            options[keyPath: field] = try OptionLimits.seconds(value ?? "", in: limits, for: spelling)
        }
    }

    /// Every global option, in the order help lists them.
    static let all: [GlobalOption] = [
        GlobalOption(
            names: ["-u", "--uri"], placeholder: "URI",
            summary: "redis://[USER:PASSWORD@]HOST:PORT (rediss:// for TLS): the user, password and TLS of every node, "
                + "and the cluster of a command that leaves out its node"
        ) { options, value, spelling throws(TribError) in
            do throws(NodeAddressError) {
                options.uri = try ConnectionURI(parsing: value ?? "")
            } catch {
                throw TribError(.usage, "\(spelling): \(error.description)")
            }
        },
        GlobalOption(
            names: ["-a", "--pass"], hiddenNames: ["--password"], placeholder: "PASSWORD",
            summary: "the password of every node (also $REDISCLI_AUTH or $VALKEYCLI_AUTH); never printed; warns that others may see it"
        ) { options, value, _ in
            options.password = value
            options.passwordOnCommandLine = true
        },
        GlobalOption(names: ["--askpass"], summary: "read the password from the terminal without echo (one line of stdin when not a terminal)") {
            options, _, _ in options.askPassword = true
        },
        GlobalOption(names: ["--no-auth-warning"], summary: "no warning about a password given with -a") { options, _, _ in
            options.noAuthWarning = true
        },
        GlobalOption(names: ["--user"], placeholder: "USER", summary: "the ACL user that goes with the password (alone: a nopass user)") { options, value, _ in
            options.username = value
        },
        seconds(
            "--timeout", "how long to wait for the cluster to agree after a change", defaultValue: 60,
            in: OptionLimits.waitTimeoutSeconds, into: \.waitTimeout
        ),
        seconds("--connect-timeout", "how long to wait for a connection", defaultValue: 5, in: OptionLimits.connectTimeoutSeconds, into: \.connectTimeout),
        seconds("--command-timeout", "how long to wait for a reply", defaultValue: 5, in: OptionLimits.commandTimeoutSeconds, into: \.commandTimeout),
        GlobalOption(names: ["--tls"], summary: "speak TLS to every node, verifying its certificate and name (redis-cli's options below go with it)") {
            options, _, _ in options.tlsRequested = true
        },
        GlobalOption(names: ["--cacert"], placeholder: "FILE", summary: "the CAs to trust (PEM); the system's CAs without it and --cacertdir") {
            options, value, _ in options.tlsSettings.caFile = value
        },
        GlobalOption(names: ["--cacertdir"], placeholder: "DIR", summary: "a folder of CAs to trust, hashed by c_rehash") { options, value, _ in
            options.tlsSettings.caDirectory = value
        },
        GlobalOption(names: ["--cert"], placeholder: "FILE", summary: "the client certificate (PEM), for servers with tls-auth-clients") {
            options, value, _ in options.tlsSettings.certificateFile = value
        },
        GlobalOption(names: ["--key"], placeholder: "FILE", summary: "the client certificate's private key (PEM)") { options, value, _ in
            options.tlsSettings.keyFile = value
        },
        GlobalOption(names: ["--insecure"], summary: "verify neither the nodes' certificates nor their names") { options, _, _ in
            options.tlsSettings.insecure = true
        },
        GlobalOption(names: ["--sni"], placeholder: "NAME", summary: "the name sent as SNI and verified, instead of each node's host") {
            options, value, _ in options.tlsSettings.serverName = value
        },
        GlobalOption(names: ["--tls-ciphers"], placeholder: "LIST", summary: "the TLS 1.2 cipher suites, ':'-separated (ECDHE-RSA-AES128-GCM-SHA256:…)") {
            options, value, _ in options.tlsSettings.ciphers = value
        },
        GlobalOption(
            names: ["--tls-ciphersuites"], placeholder: "LIST",
            summary: "the TLS 1.3 suites, ':'-separated; checked, but all three are always offered and the server picks"
        ) { options, value, _ in
            options.tlsSettings.cipherSuites = value
        },
        GlobalOption(
            names: ["--max-loop-iterations"], placeholder: "N",
            summary: "in a script, stop after N loop iterations (default 1000000; \(OptionLimits.describe(OptionLimits.loopIterations)))"
        ) { options, value, spelling throws(TribError) in
            options.maximumLoopIterations = try OptionLimits.wholeNumber(value ?? "", in: OptionLimits.loopIterations, for: spelling)
        },
        GlobalOption(names: ["--cluster-yes"], summary: "accepted for redis-cli's scripts and ignored: redis-trib never asks (see --dry-run)") {
            _, _, _ in
        },
        GlobalOption(names: ["--json"], summary: "print results and errors as JSON, one object per line") { options, _, _ in
            options.json = true
        },
        GlobalOption(names: ["--dry-run"], summary: "change nothing: send only commands that read; print every other one (and its node) instead") {
            options, _, _ in options.dryRun = true
        },
        GlobalOption(names: ["-c"], placeholder: "STATEMENTS", summary: "run statements of the shell language and exit") { options, value, _ in
            options.statements = value
        },
        GlobalOption(names: ["--keep-going"], summary: "in a script, report a failing statement and go on with the next") { options, _, _ in
            options.keepGoing = true
        },
        GlobalOption(names: ["-v", "--verbose"], summary: "log every command sent to every node on stderr (never a password)") { options, _, _ in
            options.verbose = true
        },
        GlobalOption(names: ["-h", "--help"], summary: "show help; `redis-trib help COMMAND` for one command") { options, _, _ in
            options.help = true
        },
        GlobalOption(names: ["--version"], summary: "show the version") { options, _, _ in
            options.version = true
        },
    ]
}
