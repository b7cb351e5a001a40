/// What pressing Tab does to the line.
public enum Completion: Sendable, Equatable {
    /// Nothing fits: the terminal beeps.
    case none
    /// Replace the word before the cursor with `text` (the one candidate followed by a space, or
    /// the prefix every candidate shares).
    case replaceWord(with: String)
    /// Several candidates share no longer prefix: show them under the line.
    case list([String])
}
