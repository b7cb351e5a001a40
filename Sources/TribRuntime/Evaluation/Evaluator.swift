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
    /// How many `source` statements enclose the running one.
    var sourceDepth = 0
    /// How the run has gone so far: its first error, once one was reported.
    var outcome = ScriptOutcome.succeeded
    /// Loop iterations run so far, all loops together.
    var iterations = 0

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
        } catch {
            report(error)
        }
        return outcome
    }

    // MARK: - Errors

    func report(_ interruption: RuntimeError) {
        if case .failure(let diagnostic, let file) = interruption {
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
        suggestion: Suggestion? = nil
    ) -> RuntimeError {
        var notes = notes
        for frame in loops.reversed() {
            if frame.file == file {
                notes.append(Diagnostic.Note(frame.description, at: frame.header))
            } else {
                notes.append(Diagnostic.Note("\(frame.description) (\(frame.file.name):\(frame.header.start))"))
            }
        }
        return .failure(Diagnostic(id, message, at: range, notes: notes, suggestion: suggestion), file: file)
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
                guard interpreter.keepGoing, !Task.isCancelled else { throw error }
                report(error)
            }
        }
        return .next
    }

    /// Runs a block in a scope of its own, optionally with a loop variable in it.
    func execute(_ block: Block, binding: (name: String, value: Value)? = nil) async throws(RuntimeError) -> Flow {
        var scope: [String: Value] = [:]
        if let binding {
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
            assign(name.name, try await evaluate(value))
        case .forLoop(let variable, let sequence, let body):
            try await executeLoop(variable, over: sequence, body: body, at: statement.range)
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
            emit(.value(try await evaluate(expression)))
        }
        return .next
    }

    private func executeLoop(
        _ variable: Identifier,
        over sequence: Expression,
        body: Block,
        at range: SourceRange
    ) async throws(RuntimeError) {
        let value = try await evaluate(sequence)
        var elements: LoopElements
        switch value {
        case .list(let values): elements = .list(values.elements[...])
        case .range(let range): elements = .integers(next: range.lower, last: range.upper, finished: false)
        case .slots(let slots): elements = .slots(slots.makeIterator())
        default:
            throw fail(
                .typeMismatch,
                "`for` goes over a list, a range or a slot set; `\(written(sequence))` is \(value.kindName)",
                at: sequence.range
            )
        }
        let header = SourceRange(start: range.start, end: sequence.range.end)
        var iteration = 0
        while let element = elements.next() {
            iteration += 1
            iterations += 1
            try checkCancellation(at: header)
            if iterations > interpreter.maximumLoopIterations {
                throw fail(
                    .tooManyIterations,
                    "the script ran more than \(interpreter.maximumLoopIterations.grouped) loop iterations, its limit"
                        + " (redis-trib --max-loop-iterations N raises it)",
                    at: header
                )
            }
            loops.append(LoopFrame(variable: variable.name, iteration: iteration, value: element, header: header, file: file))
            defer { loops.removeLast() }
            if try await execute(body, binding: (variable.name, element)) == .breakLoop {
                break
            }
        }
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
