import RESP
import RedisTrib
import TribLanguage

/// Runs the statements of one `Interpreter.run`: block scopes, the loops being run, the file
/// being read (a `source`d file while it runs).
///
/// Lives for one run on one task and is never shared; what outlives the run is in the
/// interpreter's ``SessionState``.
final class Evaluator {
    let interpreter: Interpreter
    /// The file whose statements are running, for diagnostics and relative `source` paths.
    var file: SourceFile
    /// Block scopes, innermost last; the top level is the session's globals.
    var scopes: [[String: Value]] = []
    /// The loops being run, innermost last.
    var loops: [LoopFrame] = []
    /// The function calls being run, innermost last.
    var calls: [CallFrame] = []
    /// How many `source` statements enclose the running one.
    var sourceDepth = 0
    /// How the run has gone so far: its first error, once one was reported.
    var outcome = ScriptOutcome.succeeded
    /// Loop iterations run so far, all loops together.
    var iterations = 0
    /// How many function calls enclose the running statement.
    var callDepth = 0
    /// How many `try` blocks enclose the running statement: inside one, a failing statement goes to
    /// its `catch`, even with `--keep-going`.
    var tryDepth = 0

    init(interpreter: Interpreter, file: SourceFile) {
        self.interpreter = interpreter
        self.file = file
    }

    var session: SessionState { interpreter.session }

    func emit(_ event: RuntimeEvent) {
        interpreter.events(event)
    }

    /// Runs a parsed script's statements; whether no error was reported.
    func runScript(_ statements: [Statement]) async -> ScriptOutcome {
        do {
            _ = try await execute(statements)
        } catch .exit(let status) {
            // An error reported before (`--keep-going`) still decides; otherwise the status given does.
            note(.exited(status))
        } catch {
            report(error)
        }
        return outcome
    }

    // MARK: - Errors

    func report(_ interruption: RuntimeError) {
        if case .failure(let diagnostic, let file, _) = interruption {
            note(.failed(diagnostic))
            emit(.diagnostic(diagnostic, file: file))
        }
    }

    /// Keeps `outcome` as the run's if it is the first error.
    func note(_ outcome: ScriptOutcome) {
        if self.outcome == .succeeded { self.outcome = outcome }
    }

    /// A runtime error in the running file, with a note for every loop it happened in.
    func fail(
        _ id: DiagnosticID,
        _ message: String,
        at range: SourceRange,
        notes: [Diagnostic.Note] = [],
        suggestion: Suggestion? = nil,
        cause: TribError? = nil
    ) -> RuntimeError {
        var notes = notes
        // The loops and calls the statement runs in, innermost first: at each depth of calls, its
        // loops, then the call that made that depth.
        var frames: [(description: String, at: SourceRange, file: SourceFile)] = []
        for depth in stride(from: calls.count, through: 0, by: -1) {
            frames += loops.reversed().filter { $0.callDepth == depth }.map { ($0.description, $0.header, $0.file) }
            if depth > 0 {
                let call = calls[depth - 1]
                frames.append((call.description, call.site, call.file))
            }
        }
        // Past the limit: the innermost frames, how many are left out, then the outermost (where it began).
        let shown = frames.count > Interpreter.maximumFrameNotes ? Interpreter.maximumFrameNotes - 1 : frames.count
        for (index, frame) in frames.enumerated() where index < shown || index == frames.count - 1 {
            if index == frames.count - 1, shown < index {
                notes.append(Diagnostic.Note("and \(index - shown) more calls and loops between these"))
            }
            if frame.file == file {
                notes.append(Diagnostic.Note(frame.description, at: frame.at))
            } else {
                notes.append(Diagnostic.Note("\(frame.description) (\(frame.file.name):\(frame.at.start))"))
            }
        }
        return .failure(Diagnostic(id, message, at: range, notes: notes, suggestion: suggestion), file: file, cause: cause)
    }

    func checkCancellation(at range: SourceRange) throws(RuntimeError) {
        if Task.isCancelled {
            throw fail(.cancelled, "the script was cancelled", at: range)
        }
    }

    /// The source text of an expression, for messages.
    func written(_ expression: Expression) -> String {
        let text = file.text(in: expression.range)
        return text.count > 40 ? String(text.prefix(39)) + "…" : text
    }

    // MARK: - Statements

    /// Runs statements in order; with `keepGoing`, a failing statement is reported and the next runs.
    func execute(_ statements: [Statement]) async throws(RuntimeError) -> Flow {
        for statement in statements {
            do {
                let flow = try await execute(statement)
                if flow != .next {
                    return flow
                }
            } catch {
                guard case .failure = error, interpreter.keepGoing, tryDepth == 0, !Task.isCancelled else { throw error }
                report(error)
            }
        }
        return .next
    }

    /// Runs a block in a scope of its own, optionally with loop variables in it.
    func execute(_ block: Block, bindings: [(name: String, value: Value)] = []) async throws(RuntimeError) -> Flow {
        var scope: [String: Value] = [:]
        for binding in bindings {
            scope[binding.name] = binding.value
        }
        scopes.append(scope)
        defer { scopes.removeLast() }
        return try await execute(block.statements)
    }

    func execute(_ statement: Statement) async throws(RuntimeError) -> Flow {
        try checkCancellation(at: statement.range)
        switch statement.kind {
        case .declaration(let name, let value):
            declare(name.name, try await evaluate(value))
        case .assignment(let name, let value):
            guard lookup(name.name) != nil else {
                throw fail(
                    .unknownVariable,
                    "`\(name.name)` is not declared; declare it with `let \(name.name) = …`",
                    at: name.range,
                    suggestion: Suggestion.didYouMean(name.name, among: visibleNames, at: name.range)
                )
            }
            if try await !appendInPlace(to: name, value) {
                assign(name.name, try await evaluate(value))
            }
        case .forLoop(let variable, let second, let sequence, let body):
            return try await executeLoop(variable, second, over: sequence, body: body, at: statement.range)
        case .whileLoop(let condition, let body):
            return try await executeWhile(condition, body: body, at: statement.range)
        case .functionDefinition(let function):
            try define(function)
        case .returnValue(let value):
            guard let value else { return .returnValue(.nilValue) }
            return .returnValue(try await evaluate(value))
        case .exit(let status):
            throw .exit(try await exitStatus(status, at: statement.range))
        case .sleep(let seconds):
            try await sleep(seconds)
        case .assertion(let condition, let message):
            try await assert(condition, message, at: statement.range)
        case .tryCatch(let body, let errorName, let handler):
            return try await executeTry(body, catching: errorName, in: handler)
        case .conditional(let branches, let elseBody):
            for branch in branches {
                if try await truth(of: branch.condition, as: "a condition") {
                    return try await execute(branch.body)
                }
            }
            if let elseBody {
                return try await execute(elseBody)
            }
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        case .echo(let arguments):
            var texts: [String] = []
            for argument in arguments {
                texts.append(try await evaluate(argument).text)
            }
            emit(.echo(texts.joined(separator: " ")))
        case .source(let path):
            try await source(path, at: statement.range)
        case .command(let name, let arguments):
            try await executeCommand(name, arguments, at: statement.range)
        case .expression(let expression):
            let value = try await evaluate(expression)
            // A function called for what it does, returning nothing, shows nothing.
            if case .call(let name, _) = expression.kind, value == .nilValue, function(named: name.name) != nil {
                return .next
            }
            emit(.value(value))
        }
        return .next
    }

    private func executeLoop(
        _ variable: Identifier,
        _ second: Identifier?,
        over sequence: Expression,
        body: Block,
        at range: SourceRange
    ) async throws(RuntimeError) -> Flow {
        let value = try await evaluate(sequence)
        var elements: LoopElements
        switch value {
        case .list(let values) where second != nil:
            elements = .pairs(values.elements.enumerated().map { (Value.integer($0.offset), $0.element) }[...])
        case .list(let values): elements = .list(values.elements[...])
        case .range(let range) where second == nil: elements = .integers(next: range.lower, last: range.upper, finished: false)
        case .slots(let slots) where second == nil: elements = .slots(slots.makeIterator())
        case .map(let map) where second != nil: elements = .pairs(map.entries.map { (Value.string($0.key), $0.value) }[...])
        case .map(let map): elements = .list(map.keys.map(Value.string)[...])
        default:
            throw fail(
                .typeMismatch,
                second == nil
                    ? "`for` goes over a list, a range, a slot set or a map's keys; `\(written(sequence))` is \(value.kindName)"
                    : "`for \(variable.name), \(second?.name ?? "")` goes over a map's entries or a list's indexes and elements; "
                        + "`\(written(sequence))` is \(value.kindName)",
                at: sequence.range
            )
        }
        let header = SourceRange(start: range.start, end: sequence.range.end)
        var iteration = 0
        while let element = elements.next() {
            iteration += 1
            iterations += 1
            try checkCancellation(at: header)
            try checkIterations(at: header)
            loops.append(LoopFrame(variable: variable.name, iteration: iteration, value: element, header: header, file: file, callDepth: calls.count))
            defer { loops.removeLast() }
            var bindings = [(variable.name, element)]
            if let second, case .list(let pair) = element, pair.count == 2 {
                bindings = [(variable.name, pair[0]), (second.name, pair[1])]
            }
            switch try await execute(body, bindings: bindings) {
            case .breakLoop: return .next
            case .returnValue(let returned): return .returnValue(returned)
            case .next, .continueLoop: continue
            }
        }
        return .next
    }

    /// Evaluates an expression that must be `true` or `false`: a condition, an operand of `&&`,
    /// `||` or `!`.
    func truth(of expression: Expression, as role: String) async throws(RuntimeError) -> Bool {
        let value = try await evaluate(expression)
        guard case .boolean(let truth) = value else {
            throw fail(
                .typeMismatch,
                "\(role) is `true` or `false`; `\(written(expression))` is \(value.kindName)",
                at: expression.range
            )
        }
        return truth
    }

    // MARK: - Variables

    func lookup(_ name: String) -> Value? {
        for scope in scopes.reversed() {
            if let value = scope[name] {
                return value
            }
        }
        return session.withLock { $0.globals[name] }
    }

    /// `let`: a new variable in the innermost scope (re-declaring replaces it).
    func declare(_ name: String, _ value: Value) {
        if scopes.isEmpty {
            session.withLock { $0.globals[name] = value }
        } else {
            scopes[scopes.count - 1][name] = value
        }
    }

    /// Assignment: the innermost variable of that name takes the value.
    func assign(_ name: String, _ value: Value) {
        for index in scopes.indices.reversed() where scopes[index][name] != nil {
            scopes[index][name] = value
            return
        }
        session.withLock { $0.globals[name] = value }
    }

    /// Every variable in sight, for did-you-mean.
    var visibleNames: [String] {
        let globals = session.withLock { Array($0.globals.keys) }
        return Array(Set(scopes.flatMap(\.keys) + globals)).sorted()
    }
}
