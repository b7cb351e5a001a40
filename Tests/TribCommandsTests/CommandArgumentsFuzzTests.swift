import RedisTrib
import Testing
import TribTestSupport

@testable import TribCommands

/// Word lists for every command, made from valid ones and mutated (words dropped, doubled, swapped,
/// cut, bytes changed), parsed by ``CommandArguments``: no crash, and every input either parses into
/// values that can all be read, or is refused with a usage error that names the word, parameter or
/// option at fault.
@Suite("Reliability: fuzzing the command arguments", .timeLimit(.minutes(30)))
struct CommandArgumentsFuzzTests {
    static let addresses = [
        "127.0.0.1:7000", "[::1]:7001", "localhost:7002", "7003", "127.0.0.1:0", "[::1", "::1:7000", "a b:1", "127.0.0.1:65536", ":7000", "",
    ]
    static let slots = ["5", "0-16383", "7-4", "16384", "-1", "1-", "x", "0,1", "00012", "99999999999999999999", "4-7"]
    static let numbers = ["0", "1", "100", "-5", "1e3", "18446744073709551616", "", " 7", "0x10", "١٢"]
    static let noise = ["--", "-", "--=", "--x", "\u{0}", "é", "\r\n", "--replace=yes", "\u{1B}[31m", String(repeating: "9", count: 300)]

    @Test("valid and mutated argument lists for every command: parsed and readable, or refused naming the culprit")
    func fuzz() throws {
        let inputs = ReliabilityFigures.fuzzInputs
        var generator = SplitMix64(seed: 0x4152_4753)
        var figures = ReliabilityFigures(scenario: "fuzzing: command arguments", server: "-")
        var parsed = 0
        var unlocated: [String] = []
        var unlocatedCount = 0
        for _ in 0..<inputs {
            let signature = CommandCatalog.commands[Int.random(in: 0..<CommandCatalog.commands.count, using: &generator)]
            var words = Self.validWords(for: signature, using: &generator)
            if Int.random(in: 0..<5, using: &generator) != 0 {
                words = Self.mutate(words, using: &generator)
            }
            do {
                let arguments = try CommandArguments(parsing: words, for: signature)
                parsed += 1
                for parameter in signature.parameters {
                    switch parameter.kind {
                    case .address where !parameter.isOptional: _ = try arguments[ParameterKey.address(parameter.name)]
                    case .addresses: #expect(try !arguments[ParameterKey.addresses(parameter.name)].isEmpty, "\(signature.name) \(words)")
                    case .slots: #expect(try !arguments[ParameterKey.slots(parameter.name)].isEmpty, "\(signature.name) \(words)")
                    default: break
                    }
                }
                _ = arguments.optionFingerprint
            } catch {
                figures.refusals += 1
                #expect([.usage, .invalidArgument, .invalidSlot].contains(error.code), "\(signature.name) \(words): \(error)")
                if let index = error.wordIndex {
                    #expect(words.indices.contains(index), "\(signature.name) \(words): \(error) points at word \(index)")
                }
                let names = signature.parameters.map(\.name) + signature.options.map(\.name) + signature.parameters.compactMap(\.optionName)
                // A word is named as typed, or an option word by its name (`--name` of `--name=value`);
                // a short or numeric word counts only quoted ('--'): bare, it is "found" in almost any message.
                let spellings = words.flatMap { [$0, String($0.prefix { $0 != "=" })] }.filter { !$0.isEmpty }
                let located =
                    names.contains { error.message.contains($0) }
                    || spellings.contains { error.message.contains("'\($0)'") }
                    || spellings.contains { $0.count >= 3 && Int($0) == nil && error.message.contains($0) }
                if !located {
                    unlocatedCount += 1
                    if unlocated.count < 10 {
                        unlocated.append("\(signature.name) \(words): \(error.message)")
                    }
                }
            }
        }
        figures.runs = inputs
        figures.keysLost = unlocatedCount
        figures.notes = "\(parsed) parsed, \(figures.refusals) refused with a usage error"
        figures.record()
        #expect(unlocated.isEmpty, "errors naming no word, parameter or option: \(unlocated)")
        #expect(parsed > 0 && figures.refusals > 0)
    }

    static func pick(_ list: [String], using generator: inout SplitMix64) -> String {
        list[Int.random(in: 0..<list.count, using: &generator)]
    }

    /// Words a user could type for `signature`: mostly valid, each option with a plausible value.
    static func validWords(for signature: CommandSignature, using generator: inout SplitMix64) -> [String] {
        var words: [String] = []
        for parameter in signature.parameters {
            let count = parameter.isVariadic ? Int.random(in: 1...3, using: &generator) : 1
            for _ in 0..<count {
                let word: String
                switch parameter.kind {
                case .address, .addresses: word = "127.0.0.1:\(Int.random(in: 1...65535, using: &generator))"
                case .nodeID: word = String(repeating: "a1", count: Int.random(in: 4...20, using: &generator))
                case .slots:
                    word =
                        Bool.random(using: &generator) ? "\(Int.random(in: 0...16383, using: &generator))" : "0-\(Int.random(in: 0...16383, using: &generator))"
                case .choice(let choices): word = pick(choices, using: &generator)
                case .integer(let range): word = String(Int.random(in: range, using: &generator))
                case .words: word = pick(["CONFIG", "GET", "maxmemory", "PING", "--masters-only"], using: &generator)
                case .text: word = pick(["/tmp/backup", "backups", "a b"], using: &generator)
                }
                if let option = parameter.optionName, Int.random(in: 0..<4, using: &generator) == 0 {
                    words += [option, word]
                } else {
                    words.append(word)
                }
            }
        }
        for option in signature.options where Int.random(in: 0..<3, using: &generator) == 0 {
            switch option.kind {
            case .flag: words.append(option.name)
            case .integer(let range):
                let value = String(Int.random(in: range, using: &generator))
                words += Bool.random(using: &generator) ? [option.name, value] : ["\(option.name)=\(value)"]
            case .text: words += [option.name, "/tmp/x"]
            case .texts: words += [option.name, "a=1", option.aliases.first ?? option.name, "b=2"]
            }
        }
        return words
    }

    /// Drops, doubles, swaps or replaces words, or changes characters inside one.
    static func mutate(_ input: [String], using generator: inout SplitMix64) -> [String] {
        var words = input
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            let position = Int.random(in: 0...words.count, using: &generator)
            let inside = position < words.count
            switch Int.random(in: 0..<7, using: &generator) {
            case 0 where inside: words.remove(at: position)
            case 1 where inside: words.insert(words[position], at: position)
            case 2 where inside: words.swapAt(position, Int.random(in: 0..<words.count, using: &generator))
            case 3 where inside:
                var characters = Array(words[position])
                if !characters.isEmpty {
                    characters.remove(at: Int.random(in: 0..<characters.count, using: &generator))
                }
                characters.insert(
                    pick(["-", "=", ":", "9", "\u{0}", "[", " "], using: &generator).first ?? "x", at: Int.random(in: 0...characters.count, using: &generator))
                words[position] = String(characters)
            case 4: words.insert(pick(addresses + slots, using: &generator), at: position)
            case 5: words.insert(pick(numbers + noise, using: &generator), at: position)
            default: words.removeSubrange(position...)
            }
        }
        return words
    }
}
