import RedisTrib
import TribLanguage

/// Why evaluation stopped short of the next statement.
enum RuntimeError: Error {
    /// A runtime error, to report in the file it is about.
    case failure(Diagnostic, file: SourceFile)
    /// An error already reported (a `source`d file that does not parse); stop without more words.
    case reported
}

/// How a statement ends: normally, or by `break` or `continue` on their way to the loop.
enum Flow: Equatable {
    case next
    case breakLoop
    case continueLoop
}

/// A loop being run, for the note that names the iteration when something fails inside it.
struct LoopFrame {
    /// The loop variable.
    let variable: String
    /// The iteration, counted from 1.
    let iteration: Int
    /// The loop variable's value in this iteration.
    let value: Value
    /// `for n in masters()`: from `for` to the end of the sequence.
    let header: SourceRange
    /// The file the loop is in.
    let file: SourceFile

    /// `in iteration 3 of the loop, where n = 127.0.0.1:7002`.
    var description: String {
        "in iteration \(iteration) of the loop, where \(variable) = \(value.description)"
    }
}

/// What a `for` loop goes over, produced one element at a time so that a huge range costs nothing.
enum LoopElements {
    case list(ArraySlice<Value>)
    case integers(next: Int, last: Int, finished: Bool)
    case slots(SlotSet.Iterator)

    mutating func next() -> Value? {
        switch self {
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
