import RESP

/// What a server says one command does: the flags of its `COMMAND INFO` entry, and those of
/// each subcommand where the server lists them (Redis 7 and Valkey do: `config|get`, `config|set`).
struct CommandFlags: Sendable, Hashable {
    /// The command's own flags (`readonly`, `write`, `admin`, …), in lower case.
    var flags: Set<String>
    /// The flags of each subcommand, by subcommand name in upper case (`GET` for `config|get`).
    var subcommands: [String: Set<String>]

    /// Reads one entry of a `COMMAND INFO` reply; `nil` for the null entry of an unknown command.
    init?(entry: RESPValue) {
        guard let fields = entry.elements, fields.count > 2 else { return nil }
        flags = Self.flagSet(fields[2])
        subcommands = [:]
        if fields.count > 9, let children = fields[9].elements {
            for child in children {
                guard let childFields = child.elements, let name = childFields.first?.string,
                    let bar = name.firstIndex(of: "|"), childFields.count > 2
                else { continue }
                subcommands[String(name[name.index(after: bar)...]).uppercased()] = Self.flagSet(childFields[2])
            }
        }
    }

    /// Whether the server says `command` only reads: flagged `readonly` and none of the
    /// ``ReadOnlyCommands/changingFlags``. A container command is judged by its subcommand's
    /// entry; one the server does not list, or a container given no subcommand, is a change.
    func onlyReads(_ command: RedisCommand) -> Bool {
        let judged: Set<String>
        if subcommands.isEmpty {
            judged = flags
        } else {
            guard let sub = command.subcommand, let subFlags = subcommands[sub] else { return false }
            judged = subFlags
        }
        return judged.contains("readonly") && judged.isDisjoint(with: ReadOnlyCommands.changingFlags)
    }

    private static func flagSet(_ value: RESPValue) -> Set<String> {
        Set((value.elements ?? []).compactMap { $0.string?.lowercased() })
    }
}
