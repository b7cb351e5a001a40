import RedisTrib
import TribLanguage

extension Evaluator {
    /// `while CONDITION { … }`: its iterations count toward the run's limit, as `for`'s do.
    func executeWhile(_ condition: Expression, body: Block, at range: SourceRange) async throws(RuntimeError) -> Flow {
        let header = SourceRange(start: range.start, end: condition.range.end)
        var iteration = 0
        while try await truth(of: condition, as: "the condition of `while`") {
            iteration += 1
            iterations += 1
            try checkCancellation(at: header)
            try checkIterations(at: header)
            loops.append(LoopFrame(variable: nil, iteration: iteration, value: .nilValue, header: header, file: file, callDepth: calls.count))
            defer { loops.removeLast() }
            switch try await execute(body) {
            case .breakLoop: return .next
            case .returnValue(let value): return .returnValue(value)
            case .next, .continueLoop: continue
            }
        }
        return .next
    }

    /// Stops the run once its loops together passed ``Interpreter/maximumLoopIterations``.
    func checkIterations(at header: SourceRange) throws(RuntimeError) {
        guard iterations > interpreter.maximumLoopIterations else { return }
        throw fail(
            .tooManyIterations,
            "the script ran more than \(interpreter.maximumLoopIterations.grouped) loop iterations, its limit"
                + " (redis-trib --max-loop-iterations N raises it)",
            at: header
        )
    }

    /// The status `exit` gives: 0 when none is written, else an integer from 0 to 255.
    func exitStatus(_ expression: Expression?, at range: SourceRange) async throws(RuntimeError) -> Int32 {
        guard let expression else { return 0 }
        let value = try await evaluate(expression)
        guard case .integer(let status) = value, (0...255).contains(status) else {
            throw fail(
                .invalidArguments, "`exit` takes a status from 0 to 255; `\(written(expression))` is \(value.description)",
                at: expression.range)
        }
        return Int32(status)
    }

    /// The longest `sleep`, one day: a longer one is a mistake in the units.
    static let maximumSleepSeconds = 86_400.0

    /// `sleep SECONDS`: an integer or a decimal number (`0.5`) from 0 to a day; cancelled by Ctrl-C.
    func sleep(_ expression: Expression) async throws(RuntimeError) {
        let value = try await evaluate(expression)
        let seconds: Double?
        switch value {
        case .integer(let number): seconds = Double(number)
        case .string(let text): seconds = Self.decimalSeconds(text)
        default: seconds = nil
        }
        guard let seconds, seconds.isFinite, (0...Self.maximumSleepSeconds).contains(seconds) else {
            throw fail(
                .invalidArguments,
                "`sleep` takes a number of seconds from 0 to 86400 (`2`, `0.5`); `\(written(expression))` is \(value.description)",
                at: expression.range)
        }
        do {
            try await Task.sleep(for: .nanoseconds(Int64(seconds * 1e9)))
        } catch {
            throw fail(.cancelled, "the script was cancelled", at: expression.range)
        }
    }

    /// A decimal number as written: digits, at most one `.` with digits after it (`2`, `0.5`, `.5`);
    /// not `0x10` or `1e3`, which `Double` would read.
    static func decimalSeconds(_ text: String) -> Double? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0.utf8.allSatisfy { (48...57).contains($0) } }),
            !(parts.last?.isEmpty ?? true) || parts.count == 1, !text.isEmpty
        else { return nil }
        return Double(text)
    }

    /// `assert CONDITION [MESSAGE]`: nothing when the condition is true; else stops with the
    /// message, or one that quotes the condition.
    func assert(_ condition: Expression, _ message: Expression?, at range: SourceRange) async throws(RuntimeError) {
        guard try await !truth(of: condition, as: "the condition of `assert`") else { return }
        var text = "assertion failed: `\(written(condition))` is false"
        if let message {
            text = try await evaluate(message).text
        }
        throw fail(.assertionFailed, text, at: condition.range)
    }

    /// `try { … } catch NAME { … }`: a statement of the body that fails (a cancellation and `exit`
    /// excepted) runs the handler, with the error as a map in NAME.
    func executeTry(_ body: Block, catching errorName: Identifier?, in handler: Block) async throws(RuntimeError) -> Flow {
        let caught: Value
        tryDepth += 1
        do {
            defer { tryDepth -= 1 }
            return try await execute(body)
        } catch .failure(let diagnostic, let errorFile, let cause) where diagnostic.id != .cancelled {
            caught = Self.errorValue(diagnostic, in: errorFile, cause: cause)
        } catch {
            throw error
        }
        return try await execute(handler, bindings: errorName.map { [($0.name, caught)] } ?? [])
    }

    /// What `catch e` gives: a map of the attributes ``ValueAttribute`` declares for a caught error,
    /// in its order: `code` (the operation's error code, or the diagnostic's id), `message`, `node`
    /// (the node at fault, `nil` when none is), `line` and `file`.
    static func errorValue(_ diagnostic: Diagnostic, in file: SourceFile, cause: TribError?) -> Value {
        .map(
            ValueMap(
                ValueAttribute.of(.caughtError).map { attribute in
                    let value: Value =
                        switch attribute {
                        case .code: .string(cause?.code.rawValue ?? diagnostic.id.rawValue)
                        case .message: .string(diagnostic.message)
                        case .node: cause?.node.map(Value.address) ?? .nilValue
                        case .line: .integer(diagnostic.range.start.line)
                        case .file: .string(file.name)
                        // Not a caught error's (ValueAttribute.holders).
                        case .lower, .upper, .count, .first, .last, .host, .port, .addr, .value, .error, .ok: .nilValue
                        }
                    return (attribute.rawValue, value)
                }))
    }
}
