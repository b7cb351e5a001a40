import NIOCore
import RESP

/// A Lua script of the dump transfer (``DumpTransfer``), run with `EVALSHA` on one key, and with
/// `EVAL` where the node does not know it yet (`NOSCRIPT`), which also makes it known.
///
/// Each script reads and changes one key atomically, so a client's write either comes before the
/// comparison (and is seen) or after the change (and finds the key where it now lives).
struct DumpScript: Sendable, Hashable {
    /// The script's text.
    let body: String
    /// The SHA-1 of ``body``, as `SCRIPT LOAD` answers it.
    let sha: String

    /// On the source: deletes the key only when its `DUMP` and `PEXPIRETIME` are still the ones sent
    /// (`ARGV[1]`, `ARGV[2]`). Returns 1 deleted, 0 changed meanwhile, -1 gone.
    static let deleteIfUnchanged = DumpScript(
        body: """
            local payload = redis.call('DUMP', KEYS[1])
            if not payload then return -1 end
            if payload == ARGV[1] and redis.call('PEXPIRETIME', KEYS[1]) == tonumber(ARGV[2]) then
                redis.call('DEL', KEYS[1])
                return 1
            end
            return 0
            """,
        sha: "bea83a148a8ec80b6beaf10b951cc274f3779fd8"
    )

    /// On the target (after `ASKING`): deletes the key only when it still holds the payload restored
    /// (`ARGV[1]`), so that a key deleted on the source meanwhile does not come back, while a value a
    /// client wrote since is kept. Returns 1 deleted, 0 kept.
    static let deleteIfRestored = DumpScript(
        body: """
            if redis.call('DUMP', KEYS[1]) == ARGV[1] then
                redis.call('DEL', KEYS[1])
                return 1
            end
            return 0
            """,
        sha: "3f70ed2727f395a753d118fd0da24fdbd09c276c"
    )

    /// On the target (after `ASKING`): replaces the copy restored before (`ARGV[1]`, or nothing, if it
    /// expired) with a newer payload (`ARGV[3]`, expiring at `ARGV[2]`, 0 for never). Returns 1
    /// replaced, 0 when the target holds another value, which is left alone.
    static let replaceIfRestored = DumpScript(
        body: """
            local payload = redis.call('DUMP', KEYS[1])
            if payload and payload ~= ARGV[1] then return 0 end
            redis.call('RESTORE', KEYS[1], ARGV[2], ARGV[3], 'ABSTTL', 'REPLACE')
            return 1
            """,
        sha: "98200fc619f269cdf8781b1d1763b7f6114de3fa"
    )

    /// `EVALSHA sha 1 key argument…`, or `EVAL body 1 key argument…` when `loaded` is false.
    func command(key: ByteBuffer, arguments: [ByteBuffer], loaded: Bool = true) -> RedisCommand {
        var command = RedisCommand(loaded ? "EVALSHA" : "EVAL", loaded ? sha : body, "1")
        command.append(key)
        command.append(contentsOf: arguments)
        return command
    }

    /// Whether a reply says the node does not know the script.
    static func isUnknown(_ reply: RESPValue) -> Bool {
        reply.isError && reply.string?.hasPrefix("NOSCRIPT") == true
    }
}
