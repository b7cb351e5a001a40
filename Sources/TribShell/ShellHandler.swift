import TribLanguage

/// What the interactive shell drives: it reads entries, the handler runs them.
///
/// The shell owns the terminal (line editing, history, completion, Ctrl-C); the handler owns
/// the language and prints its own results. The shell calls `isIncomplete`, `completions` and
/// `prompt` from its line-editing thread while no entry is running, and `handle` from a task
/// that Ctrl-C cancels.
public protocol ShellHandler: AnyObject, Sendable {
    /// The prompt for a new entry, such as `redis-trib 127.0.0.1:7000> `; read before each entry.
    var prompt: String { get }

    /// Whether `text` is unfinished (an open `{`, `(`, `[` or string, or a trailing `\`), so the
    /// shell reads another line with the continuation prompt before evaluating.
    ///
    /// The default asks TribLanguage's `Parser.isIncomplete(_:)`.
    func isIncomplete(_ text: String) -> Bool

    /// Runs one complete entry (possibly several lines joined with `\n`) and prints its results.
    ///
    /// Ctrl-C cancels the task running this; stop at the next safe point and return. Return
    /// ``ShellAction/exit`` to end the shell (for `exit` or `quit`).
    func handle(_ text: String) async -> ShellAction

    /// The words that could replace `word`, the word before the cursor.
    ///
    /// `lineBeforeCursor` is all the text before the cursor, ending with `word`, so that the
    /// handler can tell a command name from an argument. Candidates that do not start with
    /// `word` replace it as a whole (for completions that ignore case).
    func completions(for word: String, lineBeforeCursor: String) -> [String]

    /// What to show at the right of the line while it is typed: the rest of the arguments of the
    /// command or builtin being typed (`SLOT… [--replace]`), or `nil` for nothing.
    ///
    /// The default shows nothing.
    func hint(lineBeforeCursor: String) -> String?

    /// Shows something the shell has to say outside the results of entries (a history file it
    /// cannot read, a repeated Ctrl-C), as the handler shows its own errors and notices.
    func report(_ report: ShellReport)
}

extension ShellHandler {
    public func isIncomplete(_ text: String) -> Bool {
        Parser.isIncomplete(text)
    }

    public func hint(lineBeforeCursor: String) -> String? {
        nil
    }
}

/// What the shell does after an entry.
public enum ShellAction: Sendable, Equatable {
    /// Show the prompt and read the next entry.
    case keepReading
    /// End the shell: ``InteractiveShell/run()`` returns.
    case exit
}
