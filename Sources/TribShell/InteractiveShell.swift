import Dispatch
import Foundation

/// The interactive loop: reads entries with a ``LineEditor``, has a ``ShellHandler`` run
/// them, and keeps a ``ShellHistory``.
///
/// - The prompt is the handler's; while the text so far is incomplete, the shell reads more
///   lines with ``continuationPrompt`` and joins them with `\n` into one entry (one history entry).
/// - Tab completes the word before the cursor (``CompletionEngine``).
/// - Ctrl-C while typing abandons the entry and shows a fresh prompt; Ctrl-C while an entry runs
///   cancels its task, and the prompt returns once the handler stops at its next safe point.
/// - Ctrl-D on an empty line ends the shell; within an unfinished entry it runs what was typed,
///   so the handler reports what is missing.
///
/// ```swift
/// let shell = InteractiveShell(handler: handler)
/// await shell.run()
/// ```
///
/// While ``run()`` runs it owns SIGINT (ignored by the process, observed with a dispatch
/// source); only one shell may run at a time.
public struct InteractiveShell: Sendable {
    /// Runs the entries and supplies the prompt and completions.
    public let handler: any ShellHandler
    /// The history to load at start and save after each entry.
    public var history: ShellHistory
    /// Whether prompts are coloured.
    public var style: TerminalStyle
    /// The prompt for the further lines of an unfinished entry.
    public var continuationPrompt = "...> "

    /// A shell for `handler`, with the history in `~/.redis_trib_history` (or
    /// `$REDIS_TRIB_HISTFILE`) and colours when the terminal takes them.
    public init(
        handler: any ShellHandler,
        history: ShellHistory = ShellHistory(fileURL: ShellHistory.defaultFileURL()),
        style: TerminalStyle = .automatic()
    ) {
        self.handler = handler
        self.history = history
        self.style = style
    }

    /// Reads and runs entries until Ctrl-D on an empty line, the end of the input, or an entry
    /// for which the handler returns ``ShellAction/exit``.
    ///
    /// Problems reading or saving the history are reported once, through the handler
    /// (``ShellHandler/report(_:)``), and do not stop the shell. A history file that cannot be
    /// read is never written over: the session's entries are then kept in memory only.
    ///
    /// - Returns: whether the shell ran; `false` when the line editor could not start (reported
    ///   through the handler as ``ShellReport/lineEditorUnavailable``).
    @discardableResult
    public func run() async -> Bool {
        var history = self.history
        do {
            try history.load()
        } catch {
            handler.report(.historyUnreadable(error))
            history = ShellHistory(fileURL: nil, limit: history.limit)
        }
        let completionEngine = CompletionEngine(handler: handler)
        guard let editor = LineEditor(historyLimit: history.limit, completionEngine: completionEngine) else {
            handler.report(.lineEditorUnavailable)
            return false
        }
        editor.setHistory(history.entries)

        let router = InterruptRouter(handler: handler)
        let previousHandler = signal(SIGINT, SIG_IGN)
        let interrupts = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupts.setEventHandler {
            Task { await router.interrupt() }
        }
        interrupts.resume()
        defer {
            interrupts.cancel()
            signal(SIGINT, previousHandler)
        }

        var hasReportedSaveFailure = false
        while case .entry(let text) = await readEntry(editor: editor, router: router) {
            guard text.contains(where: { !$0.isWhitespace }) else { continue }
            if history.add(text) {
                editor.addHistory(text)
                do {
                    try history.save()
                } catch  where !hasReportedSaveFailure {
                    hasReportedSaveFailure = true
                    handler.report(.historyNotSaved(error))
                } catch {}
            }
            let handler = self.handler
            let task = Task { await handler.handle(text) }
            await router.running(task)
            let action = await task.value
            await router.idle()
            if action == .exit {
                break
            }
        }
        return true
    }

    private enum EntryInput {
        case entry(String)
        case end
    }

    /// Reads lines until they make a complete entry; an abandoned entry is empty.
    private func readEntry(editor: LineEditor, router: InterruptRouter) async -> EntryInput {
        var lines: [String] = []
        while true {
            let prompt = lines.isEmpty ? handler.prompt : continuationPrompt
            await router.reading(with: editor)
            let input = await editor.readLine(prompt: style.prompt(prompt))
            await router.idle()
            switch input {
            case .line(let line):
                lines.append(line)
                let text = lines.joined(separator: "\n")
                if !handler.isIncomplete(text) {
                    return .entry(text)
                }
            case .interrupted:
                return .entry("")
            case .endOfInput:
                return lines.isEmpty ? .end : .entry(lines.joined(separator: "\n"))
            }
        }
    }
}
