import RedisTrib
import TribLanguage

/// Why evaluation stopped short of the next statement.
enum RuntimeError: Error {
    /// A runtime error, to report in the file it is about; `cause` is the operation's error when
    /// one failed (what `catch` gives as the error's code and node).
    case failure(Diagnostic, file: SourceFile, cause: TribError? = nil)
    /// An error already reported (a `source`d file that does not parse); stop without more words.
    case reported
    /// `exit STATUS`: the script ends with that status, through every block, function and `source`.
    case exit(Int32)
}

/// How a statement ends: normally, by `break` or `continue` on their way to the loop, or by
/// `return` on its way out of the function.
enum Flow: Equatable {
    case next
    case breakLoop
    case continueLoop
    case returnValue(Value)
}

/// A loop being run, for the note that names the iteration when something fails inside it.
struct LoopFrame {
    /// The loop variable; `nil` for a `while` loop.
    let variable: String?
    /// The iteration, counted from 1.
    let iteration: Int
    /// The loop variable's value in this iteration.
    let value: Value
    /// `for n in masters()`: from `for` to the end of the sequence.
    let header: SourceRange
    /// The file the loop is in.
    let file: SourceFile
    /// How many function calls enclose the loop.
    let callDepth: Int

    /// `in iteration 3 of the loop, where n = 127.0.0.1:7002`.
    var description: String {
        guard let variable else { return "in iteration \(iteration) of the `while` loop" }
        return "in iteration \(iteration) of the loop, where \(variable) = \(value.description)"
    }
}

/// A function call being run, for the note that names it when something fails inside it.
struct CallFrame {
    /// The function's name.
    let name: String
    /// The call, in the caller's file.
    let site: SourceRange
    /// The caller's file.
    let file: SourceFile

    /// `in the call of drain(…)`.
    var description: String { "in the call of `\(name)`" }
}

/// What a `for` loop goes over, produced one element at a time so that a huge range costs nothing.
enum LoopElements {
    case list(ArraySlice<Value>)
    case integers(next: Int, last: Int, finished: Bool)
    case slots(SlotSet.Iterator)
    /// Pairs (a map's keys and values, a list's indexes and elements), each as a two-element list.
    case pairs(ArraySlice<(Value, Value)>)

    mutating func next() -> Value? {
        switch self {
        case .pairs(let remaining):
            guard let first = remaining.first else { return nil }
            self = .pairs(remaining.dropFirst())
            return .list([first.0, first.1])
        case .list(let remaining):
            guard let first = remaining.first else { return nil }
            self = .list(remaining.dropFirst())
            return first
        case .integers(let next, let last, let finished):
            guard !finished else { return nil }
            self = next == last ? .integers(next: next, last: last, finished: true) : .integers(next: next + 1, last: last, finished: false)
            return .integer(next)
        case .slots(var iterator):
            let slot = iterator.next()
            self = .slots(iterator)
            return slot.map { .integer($0.intValue) }
        }
    }
}
