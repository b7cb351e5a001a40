import RedisTrib

/// A named option of commands: its spelling (or spellings), the type of its value, its help, and
/// where its value goes (``OptionTarget``). A signature lists it among its options; a command reads
/// its value with `arguments[CommandCatalog.maxSlots]`, so a misspelt option does not compile.
public struct CommandOption<Value: Sendable>: CommandOptionDeclaration {
    /// The option as a signature lists it: one per spelling (`--atomic` and `--no-atomic` for a choice).
    public let declarations: [CommandSignature.Option]
    /// The name its value is kept under: its first spelling.
    let key: String

    private init(_ declarations: [CommandSignature.Option]) {
        self.declarations = declarations
        self.key = declarations.first?.name ?? ""
    }

    /// Makes one spelling, the value it reads going to `target`.
    private static func declaration(
        _ name: String,
        aliases: [String] = [],
        key: String,
        reading: CommandSignature.Option.Reading,
        placeholder: String? = nil,
        _ summary: String,
        _ target: OptionTarget<Value>
    ) -> CommandSignature.Option {
        let apply = target.set.map { set in
            { @Sendable (options: inout OperationOptions, value: any Sendable) in
                if let value = value as? Value { set(&options, value) }
            }
        }
        return CommandSignature.Option(name: name, aliases: aliases, key: key, reading: reading, placeholder: placeholder, summary: summary, apply: apply)
    }

    /// Flags of which at most one may be given, each standing for a value: `--atomic` for
    /// ``AtomicMode/always``, `--no-atomic` for ``AtomicMode/never``. Giving two is a usage error.
    public static func oneOf(
        _ spellings: [(name: String, aliases: [String], value: Value, summary: String)], _ target: OptionTarget<Value>
    ) -> Self {
        let key = spellings.first?.name ?? ""
        return Self(spellings.map { declaration($0.name, aliases: $0.aliases, key: key, reading: .flag($0.value), $0.summary, target) })
    }
}

extension CommandOption where Value: CaseIterable & RawRepresentable<String> {
    /// One word of the value's cases (`--transfer migrate|dump`), given once.
    public static func choice(_ name: String, aliases: [String] = [], _ summary: String, _ target: OptionTarget<Value>) -> Self {
        let choices = Value.allCases.map { (word: $0.rawValue, value: $0 as any Sendable) }
        let placeholder = choices.map(\.word).joined(separator: "|")
        return Self([declaration(name, aliases: aliases, key: name, reading: .choice(choices), placeholder: placeholder, summary, target)])
    }
}

extension CommandOption where Value == Bool {
    /// A flag: present or not.
    public static func flag(_ name: String, aliases: [String] = [], _ summary: String, _ target: OptionTarget<Bool>) -> Self {
        Self([declaration(name, aliases: aliases, key: name, reading: .flag(true), summary, target)])
    }
}

extension CommandOption where Value == Int {
    /// A whole number within `range`.
    public static func integer(
        _ name: String, aliases: [String] = [], in range: ClosedRange<Int>, placeholder: String, _ summary: String, _ target: OptionTarget<Int>
    ) -> Self {
        Self([declaration(name, aliases: aliases, key: name, reading: .integer(range), placeholder: placeholder, summary, target)])
    }
}

extension CommandOption where Value == String {
    /// Any text (a path).
    public static func text(
        _ name: String, aliases: [String] = [], placeholder: String, _ summary: String, _ target: OptionTarget<String>
    ) -> Self {
        Self([declaration(name, aliases: aliases, key: name, reading: .text, placeholder: placeholder, summary, target)])
    }
}

extension CommandOption where Value == [String] {
    /// Any text, given once or more (`--weight A=2 --weight B=0`): the values in the order given.
    public static func texts(
        _ name: String, aliases: [String] = [], placeholder: String, _ summary: String, _ target: OptionTarget<[String]>
    ) -> Self {
        Self([declaration(name, aliases: aliases, key: name, reading: .texts, placeholder: placeholder, summary, target)])
    }
}
