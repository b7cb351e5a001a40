import RedisTrib

/// The characters a map of the slots (`info --map`) draws its cells with: plain ASCII here; a
/// renderer that knows the output is a terminal may make coloured ones.
public struct SlotMapPalette: Sendable, Hashable {
    /// A cell of a run of which the master owns no slot.
    public var notOwned: String
    /// A cell of slots the master owns, holding no keys.
    public var noKeys: String
    /// Cells holding keys, from the fewest to the most (``SlotMapGrid/level(of:maximum:levels:)``).
    public var shades: [String]
    /// A cell with a slot open on the master (migrating or importing).
    public var open: String
    /// A cell of slots of a master that could not be read.
    public var unread: String
    /// A cell with a slot no master owns.
    public var uncovered: String

    /// A palette of these cells.
    public init(notOwned: String, noKeys: String, shades: [String], open: String, unread: String, uncovered: String) {
        self.notOwned = notOwned
        self.noKeys = noKeys
        self.shades = shades
        self.open = open
        self.unread = unread
        self.uncovered = uncovered
    }

    /// ASCII, for output that is not a terminal or when `NO_COLOR` is set: ` .:-=+*#%@`, `~` open,
    /// `?` not read, `!` uncovered.
    public static let plain = SlotMapPalette(
        notOwned: " ", noKeys: ".", shades: [":", "-", "=", "+", "*", "#", "%", "@"], open: "~", unread: "?", uncovered: "!"
    )

    /// How `cell` is drawn when the fullest cell holds `maximum` keys.
    func symbol(_ cell: SlotMapGrid.Cell, maximum: Int) -> String {
        switch cell {
        case .notOwned: notOwned
        case .open: open
        case .unread: unread
        case .owned(let keys):
            keys == 0 || shades.isEmpty ? noKeys : shades[SlotMapGrid.level(of: keys, maximum: maximum, levels: shades.count) - 1]
        }
    }
}
