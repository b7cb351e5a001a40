import NIOCore
import Testing
import TribTestSupport

@testable import RESP

/// Random replies, encoded, then mutated (bytes flipped, inserted, removed, cut), fed to the parser
/// whole and in random pieces: it never crashes or hangs, valid replies come back equal, and every
/// input ends the same way however it is split: the same replies, then "more bytes needed" or the
/// same protocol error.
@Suite("Reliability: fuzzing the RESP parser", .timeLimit(.minutes(30)))
struct RESPParserFuzzTests {
    @Test("valid and mutated replies, whole and split: no crash, the same outcome either way")
    func fuzz() {
        let inputs = ReliabilityFigures.fuzzInputs
        var generator = SplitMix64(seed: 0x5245_5350)
        var figures = ReliabilityFigures(scenario: "fuzzing: RESP parser", server: "-")
        var valid = 0
        var failures = 0
        var tried = 0
        for index in 0..<inputs {
            tried += 1
            let values = (0..<Int.random(in: 1...3, using: &generator)).map { _ in Self.randomValue(depth: 0, using: &generator) }
            var bytes = values.flatMap(Self.encode)
            let mutated = index % 4 != 0
            if mutated {
                bytes = Self.mutate(bytes, using: &generator)
            }
            let whole = Self.parse(bytes, pieces: [bytes.count])
            let split = Self.parse(bytes, pieces: Self.randomPieces(of: bytes.count, using: &generator))
            if whole != split {
                failures += 1
                Issue.record("whole \(whole) != split \(split) for \(Self.show(bytes))")
            }
            if !mutated {
                valid += 1
                if whole.values != values || whole.error != nil || whole.leftover != 0 {
                    failures += 1
                    Issue.record("valid input parsed as \(whole), not \(values): \(Self.show(bytes))")
                }
            }
            if let error = whole.error {
                figures.refusals += 1
                if error.message.isEmpty {
                    failures += 1
                    Issue.record("an error without a message for \(Self.show(bytes))")
                }
            }
            if failures > 20 { break }
        }
        figures.runs = tried
        figures.keysLost = failures
        figures.notes = "\(valid) valid inputs round-tripped; \(figures.refusals) rejected with a protocol error"
        figures.record()
        #expect(failures == 0)
        #expect(figures.refusals > 0 && valid > 0)
    }

    /// What parsing some bytes gave: the replies, then an error or how many bytes wait for more.
    struct Outcome: Equatable, CustomStringConvertible {
        var values: [RESPValue] = []
        var error: RESPProtocolError?
        var leftover = 0
        var description: String { "\(values.count) value(s), \(error.map { "\($0.code)" } ?? "no error"), \(leftover) byte(s) left" }

        /// The same replies and the same kind of error (its message may say where, which depends on the pieces).
        static func == (lhs: Outcome, rhs: Outcome) -> Bool {
            lhs.values == rhs.values && lhs.error?.code == rhs.error?.code && lhs.leftover == rhs.leftover
        }
    }

    /// Feeds `bytes` in pieces of the given sizes, taking every complete reply after each piece.
    static func parse(_ bytes: [UInt8], pieces: [Int]) -> Outcome {
        var parser = RESPParser()
        var buffer = ByteBuffer()
        var outcome = Outcome()
        var offset = 0
        for size in pieces {
            buffer.writeBytes(bytes[offset..<offset + size])
            offset += size
            do {
                while let value = try parser.next(from: &buffer) {
                    outcome.values.append(value)
                }
            } catch let error as RESPProtocolError {
                outcome.error = error
                return outcome
            } catch {
                outcome.error = RESPProtocolError(.truncated, "not a protocol error: \(error)")
                return outcome
            }
        }
        // Bytes held back by the parser for an unfinished reply count as left over too.
        outcome.leftover = buffer.readableBytes + (parser.isInsideReply ? 1 : 0)
        return outcome
    }

    static func randomPieces(of count: Int, using generator: inout SplitMix64) -> [Int] {
        var pieces: [Int] = []
        var left = count
        while left > 0 {
            let size = Int.random(in: 1...max(1, min(left, 7)), using: &generator)
            pieces.append(size)
            left -= size
        }
        return pieces
    }

    static func randomText(using generator: inout SplitMix64, line: Bool) -> ByteBuffer {
        let alphabet: [UInt8] = Array("ab OK:-+$*\r\n{}\u{7f}0".utf8) + [0x00, 0xFF, 0xC3]
        let bytes = (0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        // A line value cannot hold CR or LF.
        return ByteBuffer(bytes: line ? bytes.filter { $0 != 0x0D && $0 != 0x0A } : bytes)
    }

    static func randomValue(depth: Int, using generator: inout SplitMix64) -> RESPValue {
        let kinds = depth >= 3 ? 9 : 13
        switch Int.random(in: 0..<kinds, using: &generator) {
        case 0: return .simpleString(randomText(using: &generator, line: true))
        case 1: return .error(randomText(using: &generator, line: true))
        case 2: return .integer(Int64.random(in: Int64.min...Int64.max, using: &generator) >> Int64.random(in: 0...63, using: &generator))
        case 3: return .bulkString(randomText(using: &generator, line: false))
        case 4: return .null
        case 5: return .double(Double(Int.random(in: -1000...1000, using: &generator)) / 8)
        case 6: return .boolean(Bool.random(using: &generator))
        case 7: return .bigNumber(String(repeating: "9", count: Int.random(in: 1...40, using: &generator)))
        case 8: return .verbatimString(format: "txt", randomText(using: &generator, line: false))
        case 9: return .array((0..<Int.random(in: 0...3, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        case 10: return .set((0..<Int.random(in: 0...3, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        case 11: return .push((1...Int.random(in: 1...3, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            return .map(
                (0..<Int.random(in: 0...2, using: &generator)).map { _ in
                    RESPMapEntry(key: randomValue(depth: depth + 1, using: &generator), value: randomValue(depth: depth + 1, using: &generator))
                })
        }
    }

    /// RESP3 bytes of a value (RESP2 forms where they are the same).
    static func encode(_ value: RESPValue) -> [UInt8] {
        func line(_ prefix: String, _ text: [UInt8]) -> [UInt8] { Array(prefix.utf8) + text + [0x0D, 0x0A] }
        func blob(_ prefix: String, _ bytes: [UInt8]) -> [UInt8] { line(prefix, Array(String(bytes.count).utf8)) + bytes + [0x0D, 0x0A] }
        func aggregate(_ prefix: String, _ items: [RESPValue]) -> [UInt8] {
            line(prefix, Array(String(items.count).utf8)) + items.flatMap(encode)
        }
        switch value {
        case .simpleString(let text): return line("+", Array(text.readableBytesView))
        case .error(let text): return line("-", Array(text.readableBytesView))
        case .integer(let number): return line(":", Array(String(number).utf8))
        case .bulkString(let bytes): return blob("$", Array(bytes.readableBytesView))
        case .null: return line("_", [])
        case .double(let number): return line(",", Array("\(number)".utf8))
        case .boolean(let flag): return line("#", Array((flag ? "t" : "f").utf8))
        case .bigNumber(let digits): return line("(", Array(digits.utf8))
        case .verbatimString(let format, let bytes): return blob("=", Array("\(format):".utf8) + Array(bytes.readableBytesView))
        case .array(let items): return aggregate("*", items)
        case .set(let items): return aggregate("~", items)
        case .push(let items): return aggregate(">", items)
        case .map(let entries):
            return line("%", Array(String(entries.count).utf8)) + entries.flatMap { encode($0.key) + encode($0.value) }
        case .attribute(let entries, let value):
            return line("|", Array(String(entries.count).utf8)) + entries.flatMap { encode($0.key) + encode($0.value) } + encode(value)
        }
    }

    /// Flips, inserts, removes or duplicates bytes, or cuts the input short.
    static func mutate(_ input: [UInt8], using generator: inout SplitMix64) -> [UInt8] {
        var bytes = input
        let interesting: [UInt8] = Array("\r\n-+:$*%~>|_,#(=!0123456789".utf8) + [0x00, 0xFF]
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            let position = Int.random(in: 0...bytes.count, using: &generator)
            switch Int.random(in: 0..<5, using: &generator) {
            case 0 where position < bytes.count: bytes[position] = interesting[Int.random(in: 0..<interesting.count, using: &generator)]
            case 1: bytes.insert(interesting[Int.random(in: 0..<interesting.count, using: &generator)], at: position)
            case 2 where position < bytes.count: bytes.remove(at: position)
            case 3: bytes.insert(contentsOf: bytes[position..<min(bytes.count, position + 6)], at: position)
            default: bytes.removeSubrange(position...)
            }
        }
        return bytes
    }

    static func show(_ bytes: [UInt8]) -> String {
        String(reflecting: String(decoding: bytes.prefix(200), as: UTF8.self))
    }
}
