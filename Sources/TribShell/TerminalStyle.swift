import Foundation

/// How the shell decorates what it shows: plain text, or with terminal colour sequences.
public struct TerminalStyle: Sendable, Equatable {
    /// Whether colour sequences are written.
    public var usesColor: Bool

    /// A style that colours, or not.
    public init(usesColor: Bool) {
        self.usesColor = usesColor
    }

    /// Colours when standard output is a terminal, `TERM` is not `dumb` and `NO_COLOR` is unset
    /// or empty (https://no-color.org).
    public static func automatic(environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle {
        let wanted =
            isatty(STDOUT_FILENO) == 1
            && environment["TERM"].map { !$0.isEmpty && $0 != "dumb" } ?? false
            && (environment["NO_COLOR"] ?? "").isEmpty
        return TerminalStyle(usesColor: wanted)
    }

    /// The character that brackets invisible sequences in a prompt, for libedit's
    /// `EL_PROMPT_ESC`: what lies between two of them takes no room on the screen.
    static let promptLiteralMarker: Character = "\u{1}"

    /// `text` as a prompt: bold green when colouring, with the sequences marked for libedit.
    ///
    /// The colour ends before the prompt's trailing spaces: libedit drops a marked sequence at
    /// the very end of the prompt, which would leave what the user types coloured.
    func prompt(_ text: String) -> String {
        let plain = text.filter { $0 != Self.promptLiteralMarker }
        let visible = plain.reversed().drop(while: \.isWhitespace).reversed()
        guard usesColor, !visible.isEmpty else { return plain }
        let marker = Self.promptLiteralMarker
        let trailingSpace = plain.dropFirst(visible.count)
        return "\(marker)\u{1B}[1;32m\(marker)\(String(visible))\(marker)\u{1B}[0m\(marker)\(trailingSpace)"
    }
}
