import RESP
import RedisTrib
import Testing

@testable import TribCLI

struct GlobalOptionsTests {
    private func extract(_ words: [String], environment: [String: String] = [:]) throws(TribError) -> (GlobalOptions, [String]) {
        try GlobalOptions.extract(from: words, environment: environment)
    }

    @Test func optionsAreTakenFromAnywhereOnTheLine() throws {
        let (options, rest) = try extract(["--json", "migrate_slots", "-a", "pw", "a:1", "--timeout", "2.5", "b:2", "5", "-v", "--dry-run"])
        #expect(rest == ["migrate_slots", "a:1", "b:2", "5"])
        #expect(options.json && options.verbose && options.dryRun)
        #expect(options.password == "pw" && options.passwordOnCommandLine)
        #expect(options.waitTimeout == 2.5)
        #expect(options.connectTimeout == 5 && options.commandTimeout == 5)
    }

    @Test func theWordsOfACommandToRunAreLeftAlone() throws {
        let (options, rest) = try extract(["execute", "127.0.0.1:1", "all", "CONFIG", "SET", "--json", "-a"])
        #expect(!options.json && options.password == nil)
        #expect(rest == ["execute", "127.0.0.1:1", "all", "CONFIG", "SET", "--json", "-a"])
    }

    @Test("valkey-cli's $VALKEYCLI_AUTH is read first, then $REDISCLI_AUTH")
    func valkeysVariableFirst() throws {
        #expect(try extract(["list"], environment: ["VALKEYCLI_AUTH": "v"]).0.password == "v")
        #expect(try extract(["list"], environment: ["VALKEYCLI_AUTH": "v", "REDISCLI_AUTH": "r"]).0.password == "v")
    }

    @Test("-u gives the user and password (over the environment's), counts as a password on the command line, and conflicts with -a and another --user")
    func connectionString() throws {
        let (options, rest) = try extract(["-u", "rediss://op:p%40w@[::1]:7000", "list"], environment: ["REDISCLI_AUTH": "env"])
        #expect(rest == ["list"])
        #expect(options.username == "op" && options.password == "p@w" && options.passwordOnCommandLine)
        #expect(options.uri?.address.description == "[::1]:7000" && options.uri?.tls == true)
        let bare = try extract(["--uri", "redis://h:1", "list"], environment: ["REDISCLI_AUTH": "env"]).0
        #expect(bare.password == "env" && !bare.passwordOnCommandLine && bare.username == nil)
        #expect(try extract(["--user", "op", "-u", "redis://op:x@h:1", "list"]).0.username == "op")
        for words in [["-a", "pw", "-u", "redis://op:x@h:1"], ["--user", "other", "-u", "redis://op:x@h:1"], ["-u", "h:1"]] {
            #expect {
                try extract(words + ["list"])
            } throws: { error in
                (error as? TribError)?.code == .usage && !((error as? TribError)?.message.contains(":x@") ?? true)
            }
        }
    }

    @Test func theEnvironmentsPasswordIsUsedUnlessAnOptionGivesOne() throws {
        #expect(try extract(["list"], environment: ["REDISCLI_AUTH": "env"]).0.password == "env")
        #expect(try extract(["list"], environment: ["REDISCLI_AUTH": ""]).0.password == nil)
        let (given, _) = try extract(["--password", "cli", "list"], environment: ["REDISCLI_AUTH": "env"])
        #expect(given.password == "cli" && given.passwordOnCommandLine)
        #expect(!(try extract(["list"], environment: ["REDISCLI_AUTH": "env"]).0.passwordOnCommandLine))
    }

    @Test func everyValueLandsInItsField() throws {
        let (options, rest) = try extract([
            "--user", "u", "--askpass", "--no-auth-warning", "--connect-timeout", "0.5", "--command-timeout", "7",
            "--max-loop-iterations", "10", "--keep-going", "-c", "echo 1", "--help", "--version",
        ])
        #expect(rest.isEmpty)
        #expect(options.username == "u" && options.askPassword && options.noAuthWarning)
        #expect(options.connectTimeout == 0.5 && options.commandTimeout == 7)
        #expect(options.maximumLoopIterations == 10 && options.keepGoing)
        #expect(options.statements == "echo 1" && options.help && options.version)
    }

    @Test(
        "bad options are usage errors naming the option",
        arguments: [
            (["--json", "--json"], "--json is given more than once"),
            (["-a", "x", "--password", "y"], "--pass is given more than once (as -a and --password)"),
            (["-v", "--verbose"], "--verbose is given more than once (as -v and --verbose)"),
            (["--timeout"], "--timeout needs a value"),
            (["--timeout", "0"], "--timeout"),
            (["--connect-timeout", "x"], "--connect-timeout"),
            (["--max-loop-iterations", "0"], "--max-loop-iterations"),
        ]
    )
    func badOptions(words: [String], message: String) {
        #expect {
            try extract(words)
        } throws: { error in
            guard let error = error as? TribError else { return false }
            return error.code == .usage && error.message.contains(message) && ExitStatus(for: error) == .usage
        }
    }

    @Test func everySpellingNamesOneOption() {
        let spellings = GlobalOption.all.flatMap { $0.names + $0.hiddenNames }
        #expect(Set(spellings).count == spellings.count)
        for spelling in spellings {
            #expect(GlobalOption.named(spelling)?.names.contains(spelling) == true || GlobalOption.named(spelling)?.hiddenNames.contains(spelling) == true)
        }
        #expect(GlobalOption.named("--nope") == nil)
        #expect(GlobalOption.named("-a")?.canonicalName == "--pass")
        #expect(GlobalOption.named("--pass")?.usage == "-a, --pass PASSWORD")
    }

    @Test("each option is parsed by its own table entry", arguments: GlobalOption.all.map(\.canonicalName))
    func eachOptionParses(name: String) throws {
        let option = try #require(GlobalOption.named(name))
        let samples = ["SECONDS": "3", "N": "3", "URI": "redis://127.0.0.1:7000"]
        let value = option.placeholder.map { [samples[$0] ?? "x"] } ?? []
        var expected = GlobalOptions()
        try option.apply(&expected, value.first, name)
        if GlobalOptions.tlsOnlyOptions.contains(name) {
            // Alone, a TLS option is refused (it goes with --tls, whose files the TLS integration tests check); its entry sets its own setting.
            #expect {
                try extract([name] + value + ["list"])
            } throws: { ($0 as? TribError)?.message == "\(name) is a TLS option: give --tls as well" }
            #expect(String(describing: expected.tlsSettings) != String(describing: GlobalOptions().tlsSettings))
            return
        }
        let (options, rest) = try extract([name] + value + ["list"])
        #expect(rest == ["list"])
        if name == "--tls" {
            // Its context is made once the options are read: TLS that trusts the system's CAs.
            #expect(options.tls != nil)
            expected.tls = options.tls
        }
        #expect(String(describing: options) == String(describing: expected))
    }
}
