/// Something the shell has to tell the user besides the results of entries, as data: the
/// ``ShellHandler`` decides how it looks (text or JSON), the shell only reports it.
public enum ShellReport: Sendable, Equatable {
    /// The history file could not be read; this session's entries are kept in memory only.
    case historyUnreadable(ShellHistoryError)
    /// The history file could not be saved (reported once a session).
    case historyNotSaved(ShellHistoryError)
    /// libedit could not be started on the terminal; the shell ends.
    case lineEditorUnavailable
    /// Ctrl-C again while the cancelled entry is still stopping.
    case stillStopping

    /// Whether it is an error (the others are notices of what is happening).
    public var isError: Bool {
        self != .stillStopping
    }

    /// A stable identifier that tests and JSON output match.
    public var code: String {
        switch self {
        case .historyUnreadable: "history-unreadable"
        case .historyNotSaved: "history-not-saved"
        case .lineEditorUnavailable: "line-editor-unavailable"
        case .stillStopping: "stopping"
        }
    }

    /// One sentence for people.
    public var message: String {
        switch self {
        case .historyUnreadable(let error): "cannot read the history file \(error); this session's history is not saved"
        case .historyNotSaved(let error): "cannot save the history file \(error)"
        case .lineEditorUnavailable: "cannot start the line editor"
        case .stillStopping: "stopping at the next safe point (Ctrl-\\ quits now)"
        }
    }
}
