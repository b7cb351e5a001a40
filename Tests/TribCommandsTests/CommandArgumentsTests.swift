import RESP
import RedisTrib
import Testing

@testable import TribCommands

@Suite("Command arguments: ranges and repeated options")
struct CommandArgumentsTests {
    static let migrate = CommandCatalog.command(named: "migrate_slots")
    static let head = ["127.0.0.1:7000", "127.0.0.1:7001", "5"]

    /// The message a parse of `words` for `command` throws, or `nil` when it parses.
    func failure(_ words: [String], command: String = "migrate_slots") -> TribError? {
        guard let signature = CommandCatalog.command(named: command) else { return TribError(.usage, "no \(command)") }
        do {
            _ = try CommandArguments(parsing: words, for: signature)
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "a numeric option outside its range is refused, naming the option, the value and the range",
        arguments: [
            ("--keys-per-batch", "1152921504606846976", "1 to 1000000"),
            ("--keys-per-batch", "0", "1 to 1000000"),
            ("--batch-bytes", "0", "1 to 1073741824"),
            ("--batch-bytes", "-1", "1 to 1073741824"),
            ("--batch-bytes", "1073741825", "1 to 1073741824"),
            ("--migrate-timeout", "1e13", "1 to 86400000"),
            ("--migrate-timeout", "86400001", "1 to 86400000"),
            ("--atomic-timeout", "9223372036854775807", "1 to 604800"),
            ("--atomic-timeout", "99999999999999999999", "1 to 604800"),
        ]
    )
    func outOfRange(option: String, value: String, range: String) throws {
        let error = try #require(failure(Self.head + [option, value]))
        #expect(error.code == .usage)
        #expect(error.message == "\(option) takes a whole number from \(range), not '\(value)'")
    }

    @Test("the bounds themselves are accepted")
    func bounds() throws {
        let signature = try #require(Self.migrate)
        for (option, range) in [
            (CommandCatalog.keysPerBatch, OptionLimits.keysPerBatch), (CommandCatalog.batchBytes, OptionLimits.batchBytes),
            (CommandCatalog.migrateTimeout, OptionLimits.migrateTimeoutMilliseconds), (CommandCatalog.atomicTimeout, OptionLimits.atomicTimeoutSeconds),
        ] {
            for value in [range.lowerBound, range.upperBound] {
                let arguments = try CommandArguments(parsing: Self.head + [option.key, String(value)], for: signature)
                #expect(arguments[option] == value)
            }
        }
    }

    @Test("every integer option and parameter of every command has a bounded range")
    func everyIntegerIsBounded() {
        for command in CommandCatalog.commands {
            for option in command.options {
                if case .integer(let range) = option.kind {
                    #expect(range.upperBound < Int.max / 1_000_000, "\(command.name) \(option.name)")
                }
            }
            for parameter in command.parameters {
                if case .integer(let range) = parameter.kind {
                    #expect(range.upperBound < Int.max / 1_000_000, "\(command.name) \(parameter.name)")
                }
            }
        }
    }

    @Test("sandbox's node count and replicas are bounded before any arithmetic on them")
    func sandboxBounds() throws {
        let replicas = try #require(failure(["start", "--replicas", "9223372036854775807"], command: "sandbox"))
        #expect(replicas.message.contains("--replicas takes a whole number from 0 to 99"))
        let count = try #require(failure(["start", "101"], command: "sandbox"))
        #expect(count.message.contains("N takes a whole number from 1 to 100"))
    }

    @Test(
        "an option given twice is an error naming it",
        arguments: [
            (["--src-addr", "127.0.0.1:1", "--dst-addr", "127.0.0.1:2", "--dst-addr", "127.0.0.1:3", "5"], "--dst-addr"),
            (head + ["--replace", "--replace"], "--replace"),
            (head + ["--keys-per-batch", "10", "--keys-per-batch=20"], "--keys-per-batch"),
        ]
    )
    func repeated(words: [String], name: String) throws {
        let error = try #require(failure(words))
        #expect(error.code == .usage)
        #expect(error.message == "\(name) is given more than once")
    }

    @Test("an unknown option given twice is reported as unknown, not as repeated")
    func unknownRepeated() throws {
        let error = try #require(failure(Self.head + ["--bogus", "--bogus"]))
        #expect(error.message.hasPrefix("migrate_slots has no option '--bogus'"))
    }

    @Test("seconds: a range check that never lets an unconvertible number through")
    func seconds() throws {
        for text in ["1e10", "1e308", "inf", "nan", "0", "-1", "0.0001", "abc"] {
            #expect(throws: TribError.self, "\(text)") {
                try OptionLimits.seconds(text, in: OptionLimits.connectTimeoutSeconds, for: "--connect-timeout")
            }
        }
        #expect(try OptionLimits.seconds("0.5", in: OptionLimits.connectTimeoutSeconds, for: "--connect-timeout") == 0.5)
        #expect(throws: TribError(.usage, "--timeout takes a number of seconds from 0.001 to 86400, not '1e308'")) {
            try OptionLimits.seconds("1e308", in: OptionLimits.waitTimeoutSeconds, for: "--timeout")
        }
    }
}
