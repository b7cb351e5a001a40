import Foundation
import RESP
import RedisTrib
import TribLanguage

/// Runs scripts of the command language against a ``ClusterBackend``, reporting everything as
/// ``RuntimeEvent``s; it prints nothing and reads nothing but the files `source` names.
///
/// One interpreter is one session: top-level variables, the default cluster (`connect`) and the
/// nodes seen persist from one ``run(_:)`` to the next, as a REPL needs.
///
/// ```swift
/// let backend = OperatorBackend { _, _ in trib }
/// let interpreter = Interpreter(backend: backend) { event in render(event) }
/// let outcome = await interpreter.run(SourceFile(name: "deploy.trib", text: text))
/// ```
public final class Interpreter: Sendable {
    /// How deeply `source` may nest before the runtime assumes a file sources itself.
    public static let maximumSourceDepth = 32
    /// How deeply function calls may nest: a recursion with no end stops with `recursion-too-deep`.
    public static let maximumCallDepth = 200
    /// The most loops and calls a runtime error has a note for, the innermost; one more note counts the rest.
    public static let maximumFrameNotes = 10
    /// The default of ``maximumLoopIterations``.
    public static let defaultMaximumLoopIterations = 1_000_000

    /// The words the language reserves (``Keyword``), for completion.
    public static let keywords = Keyword.allCases.map(\.rawValue)

    /// The attributes of a node value (`$n.slots`), for completion.
    public static let nodeAttributes = Value.nodeAttributeNames

    let backend: any ClusterBackend
    /// Whether the commands run as a dry run (`--dry-run`), for `dry_run()`.
    let isDryRun: Bool
    let keepGoing: Bool
    /// How many loop iterations, all `for` loops together, one ``run(_:)`` may run before it
    /// stops with `too-many-iterations`: a loop over `0-9223372036854775806` ends.
    public let maximumLoopIterations: Int
    let fileLoader: @Sendable (String) throws -> String
    let events: @Sendable (RuntimeEvent) -> Void
    let session: SessionState

    /// Makes an interpreter.
    ///
    /// - Parameters:
    ///   - backend: what runs the commands.
    ///   - arguments: the script's arguments, read as words are (`7000` is an integer,
    ///     `127.0.0.1:7000` an address): `$1`, `$2`, … and the list `$args`.
    ///   - keepGoing: report a failing statement and go on with the next, instead of stopping.
    ///   - maximumLoopIterations: the loop iterations one run may run (at least 1).
    ///   - fileLoader: reads the file `source` names (a path, relative paths already resolved
    ///     against the including file's folder); reads the file system by default, at most
    ///     ``ScriptFile/maximumBytes``.
    ///   - events: receives every event, in order, on the task that runs the script.
    public init(
        backend: any ClusterBackend,
        arguments: [String] = [],
        keepGoing: Bool = false,
        maximumLoopIterations: Int = Interpreter.defaultMaximumLoopIterations,
        dryRun: Bool = false,
        fileLoader: @escaping @Sendable (String) throws -> String = { path in
            try ScriptFile.read(path)
        },
        events: @escaping @Sendable (RuntimeEvent) -> Void
    ) {
        self.backend = backend
        self.isDryRun = dryRun
        self.keepGoing = keepGoing
        self.maximumLoopIterations = max(1, maximumLoopIterations)
        self.fileLoader = fileLoader
        self.events = events
        let values = arguments.map(Value.classifying)
        var globals: [String: Value] = ["args": .list(ValueList(values))]
        for (index, value) in values.enumerated() {
            globals[String(index + 1)] = value
        }
        session = SessionState(globals: globals)
    }

    /// Parses and runs a script.
    ///
    /// A script with a parse error runs nothing: its diagnostics are sent and the outcome is
    /// ``ScriptOutcome/malformed(_:)`` with the first. Otherwise the statements run in order; the
    /// first runtime error is sent and stops the script, unless the interpreter keeps going, in
    /// which case every failing statement is reported and skipped; the outcome is then
    /// ``ScriptOutcome/failed(_:)`` with the first error (or ``ScriptOutcome/malformed(_:)`` when a
    /// `source`d file did not parse).
    ///
    /// - Returns: ``ScriptOutcome/succeeded`` when no error was reported, else the first error.
    public func run(_ source: SourceFile) async -> ScriptOutcome {
        let script = Parser.parse(source)
        for diagnostic in script.diagnostics {
            events(.diagnostic(diagnostic, file: source))
        }
        if let error = script.firstError {
            return .malformed(error)
        }
        let evaluator = Evaluator(interpreter: self, file: source)
        return await evaluator.runScript(script.statements)
    }

    /// The cluster that `masters()`, `list` and the other commands taking "any node of the
    /// cluster" use when none is given; set by `connect`, or before the first statement (the
    /// command line's `-u`), which asks the node nothing.
    public var defaultCluster: NodeAddress? {
        get { session.withLock { $0.defaultCluster } }
        set { session.withLock { $0.defaultCluster = newValue } }
    }

    /// The top-level variables, sorted, for completion (`1`, `2`, … and `args` included).
    public var variableNames: [String] {
        session.withLock { $0.globals.keys.sorted() }
    }

    /// Every node seen in any result so far (`connect`, `list`, `masters()`, `node()`, `execute`),
    /// in the order first seen, each as last seen, for completion of addresses and ids.
    public var knownNodes: [ClusterNode] {
        session.withLock { $0.knownNodes }
    }

    /// The functions the session's scripts defined (`def`), sorted, for completion and help.
    public var functionNames: [String] {
        session.withLock { $0.functions.keys.sorted() }
    }

    /// The functions the session's scripts defined (`def`), sorted by name, for the shell's `help`.
    public var definedFunctions: [DefinedFunction] {
        session.withLock { $0.functions.sorted { $0.key < $1.key }.map(\.value) }
    }

    /// The function `def` defined under `name`, for help.
    public func function(named name: String) -> DefinedFunction? {
        session.withLock { $0.functions[name] }
    }

    /// The value of a top-level variable, if declared.
    public func value(of variable: String) -> Value? {
        session.withLock { $0.globals[variable] }
    }
}
