import TribCommands

extension SlotMapPalette {
    /// For a terminal: blocks from dark green to red by keys, a dim dot for slots without keys,
    /// the marks bold in their own colours.
    static let colour = SlotMapPalette(
        notOwned: " ",
        noKeys: painted("·", "2"),
        shades: [22, 28, 34, 70, 142, 178, 208, 196].map { painted("█", "38;5;\($0)") },
        open: painted("~", "1;35"),
        unread: painted("?", "1;33"),
        uncovered: painted("!", "1;31")
    )

    private static func painted(_ symbol: String, _ code: String) -> String {
        "\u{1B}[\(code)m\(symbol)\u{1B}[0m"
    }
}
