import Foundation

/// Sends each Ctrl-C where it belongs: to the line editor while a line is read (the line is
/// abandoned), to the running entry's task otherwise (it is cancelled).
actor InterruptRouter {
    private enum Target {
        case nothing
        case editor(LineEditor)
        case entry(Task<ShellAction, Never>)
    }

    private var target = Target.nothing
    /// Where a repeated Ctrl-C is reported.
    private let handler: any ShellHandler

    init(handler: any ShellHandler) {
        self.handler = handler
    }

    /// Ctrl-C now abandons the line `editor` reads.
    func reading(with editor: LineEditor) {
        target = .editor(editor)
    }

    /// Ctrl-C now cancels `task`.
    func running(_ task: Task<ShellAction, Never>) {
        target = .entry(task)
    }

    /// Ctrl-C now does nothing.
    func idle() {
        target = .nothing
    }

    /// Handles one Ctrl-C.
    func interrupt() {
        switch target {
        case .nothing:
            break
        case .editor(let editor):
            editor.abandonLine()
        case .entry(let task):
            // The terminal has echoed ^C; end that line, and on a repeat say why the prompt has
            // not come back yet.
            ConsoleStream.error.write("\n")
            if task.isCancelled {
                handler.report(.stillStopping)
            }
            task.cancel()
        }
    }
}
