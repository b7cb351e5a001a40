extension TerminalText {
    /// How many columns a terminal gives `text`: two for an East Asian wide or fullwidth character
    /// (`日`, `Ａ`) and an emoji shown as one, none for a combining mark, a zero-width format
    /// character or a control, one for the rest. What tables pad by: counting `Character`s
    /// misaligns every row that holds `日本`.
    public static func width(of text: String) -> Int {
        text.reduce(0) { $0 + width(of: $1) }
    }

    /// `text` followed by spaces up to `width` columns (``width(of:)``); as it is when it is as wide or wider.
    public static func padding(_ text: String, toWidth width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - self.width(of: text)))
    }

    /// `text` with the characters that would break a row of a table written as escapes: tab,
    /// carriage return and line feed as `\t`, `\r`, `\n`, the other controls as
    /// ``escapingControls(_:)`` writes them (`\u{1B}`), so a cell holding a multi-line value stays on its row.
    public static func escapingCell(_ text: String) -> String {
        escapingControls(StringEscaping.escape(text, quotes: false, dollar: false))
    }

    /// The columns of one character (a grapheme cluster): those of its first scalar, or two when
    /// a variation selector asks for an emoji's picture (`❤️`).
    private static func width(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.count > 1, scalars.contains("\u{FE0F}"), first.properties.isEmoji { return 2 }
        return width(of: first)
    }

    /// The columns of one scalar, as `wcwidth` counts them (a control counts none here).
    private static func width(of scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        return wideRanges.contains { $0.contains(scalar.value) } ? 2 : 1
    }

    /// The East Asian wide and fullwidth blocks (Unicode's `EastAsianWidth.txt`, W and F, by block).
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,  // Hangul Jamo initial consonants
        0x2329...0x232A,  // angle brackets
        0x2E80...0x303E,  // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
        0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK compatibility
        0x3400...0x4DBF,  // CJK extension A
        0x4E00...0x9FFF,  // CJK unified ideographs
        0xA000...0xA4CF,  // Yi
        0xA960...0xA97F,  // Hangul Jamo extended A
        0xAC00...0xD7A3,  // Hangul syllables
        0xF900...0xFAFF,  // CJK compatibility ideographs
        0xFE10...0xFE19,  // vertical forms
        0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
        0xFF00...0xFF60,  // fullwidth forms
        0xFFE0...0xFFE6,  // fullwidth signs
        0x1F300...0x1F64F,  // pictographs, emoticons
        0x1F900...0x1F9FF,  // supplemental symbols and pictographs
        0x20000...0x2FFFD,  // CJK extensions B…F, compatibility supplement
        0x30000...0x3FFFD,  // CJK extension G and after
    ]
}
