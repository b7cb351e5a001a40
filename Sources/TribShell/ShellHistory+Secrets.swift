import RESP

extension ShellHistory {
    /// Words that mean a line carries a password: the Redis commands and settings that take one
    /// (`AUTH`, `HELLO … AUTH`, `MIGRATE … AUTH2`, `requirepass`, `masterauth`) and the options of
    /// redis-trib and redis-cli (`--pass`, `--password`, `REDISCLI_AUTH`).
    static let secretWords: Set<String> = [
        "auth", "auth2", "requirepass", "masterauth", "primaryauth", "password", "passwd", "pass",
    ]

    /// Whether `entry` may carry a password and must never be stored.
    ///
    /// True when, ignoring case, the entry has a word `-a` (redis-cli's password option), or a
    /// word whose parts between `-` and `_` include one of ``secretWords``. Words end at anything
    /// but letters, digits, `-` and `_`, so `--pass=x`, `REDISCLI_AUTH=x`, `"AUTH"` and
    /// `connect(password: x)` all count. A few harmless lines are dropped too; no secret is kept.
    ///
    /// True as well when a connection string has a password (`connect "redis://user:pw@host:7000"`), or a Redis command anywhere in the entry carries a password by the rules
    /// every renderer hides passwords by (``RESP/RedisCommand/secretRanges(in:)``):
    /// `ACL SETUSER u >pw`, `CONFIG SET primaryauth pw`, ….
    public static func isSensitive(_ entry: String) -> Bool {
        let words = entry.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        let named = words.contains { word in
            word == "-a" || word.split(whereSeparator: { $0 == "-" || $0 == "_" }).contains { secretWords.contains(String($0)) }
        }
        return named || !RedisCommand.secretRanges(in: entry).isEmpty
    }
}
