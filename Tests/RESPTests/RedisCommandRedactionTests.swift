import NIOCore
import RESP
import Testing

@Suite("Passwords in commands are never shown")
struct RedisCommandRedactionTests {
    @Test(
        "every form that carries a password prints it as (redacted)",
        arguments: [
            (["AUTH", "pw"], "AUTH (redacted)"),
            (["auth", "alice", "pw"], "auth (redacted) (redacted)"),
            (["HELLO", "3", "AUTH", "alice", "pw", "SETNAME", "x"], "HELLO 3 AUTH (redacted) (redacted) SETNAME x"),
            (["hello", "3", "auth", "alice", "pw"], "hello 3 auth (redacted) (redacted)"),
            (["MIGRATE", "h", "1", "", "0", "5000", "AUTH", "pw", "KEYS", "a"], "MIGRATE h 1 \"\" 0 5000 AUTH (redacted) KEYS a"),
            (["MIGRATE", "h", "1", "k", "0", "5000", "COPY", "AUTH2", "bob", "pw"], "MIGRATE h 1 k 0 5000 COPY AUTH2 bob (redacted)"),
            (["ACL", "SETUSER", "bob", "on", ">pw", "~*", "+@all"], "ACL SETUSER bob on (redacted) ~* +@all"),
            (
                ["acl", "setuser", "bob", "<pw", "#" + String(repeating: "a", count: 64), "!" + String(repeating: "b", count: 64)],
                "acl setuser bob (redacted) (redacted) (redacted)"
            ),
            (["ACL", "SETUSER", "bob", "resetpass", "nopass"], "ACL SETUSER bob resetpass nopass"),
            (["CONFIG", "SET", "requirepass", "pw"], "CONFIG SET requirepass (redacted)"),
            (["config", "set", "maxmemory", "1", "MasterAuth", "pw", "masteruser", "u"], "config set maxmemory 1 MasterAuth (redacted) masteruser (redacted)"),
            (["CONFIG", "SET", "primaryauth", "pw", "primaryuser", "u"], "CONFIG SET primaryauth (redacted) primaryuser (redacted)"),
            (["CONFIG", "SET", "tls-key-file-pass", "pw"], "CONFIG SET tls-key-file-pass (redacted)"),
            (["SENTINEL", "SET", "mymaster", "auth-pass", "pw"], "SENTINEL SET mymaster auth-pass (redacted)"),
            (["CONFIG", "GET", "requirepass"], "CONFIG GET requirepass"),
            (["SET", "auth", "pw"], "SET auth pw"),
        ]
    )
    func redacts(arguments: [String], printed: String) {
        let command = RedisCommand(arguments)
        #expect(command.description == printed)
        #expect(command.carriesSecret == printed.contains("(redacted)"))
    }

    @Test(
        "a command inside a longer line (a redis-trib command, a shell line) is found wherever it starts",
        arguments: [
            (
                ["execute", "127.0.0.1:7000", "--masters-only", "CONFIG", "SET", "requirepass", "pw"],
                ["execute", "127.0.0.1:7000", "--masters-only", "CONFIG", "SET", "requirepass", "(redacted)"]
            ),
            (["execute", "127.0.0.1:7000", "ACL", "SETUSER", "bob", ">pw"], ["execute", "127.0.0.1:7000", "ACL", "SETUSER", "bob", "(redacted)"]),
            (["execute", "127.0.0.1:7000", "GET", "k"], ["execute", "127.0.0.1:7000", "GET", "k"]),
            (
                ["import", "127.0.0.1:7000", "--from", "h:1", "--from-user", "u", "--from-pass", "pw"],
                ["import", "127.0.0.1:7000", "--from", "h:1", "--from-user", "u", "--from-pass", "(redacted)"]
            ),
            (["import", "127.0.0.1:7000", "--cluster-from-pass=pw"], ["import", "127.0.0.1:7000", "(redacted)"]),
        ]
    )
    func redactsWords(words: [String], shown: [String]) {
        #expect(RedisCommand.redactedWords(words) == shown)
        #expect(RedisCommand.carriesSecret(words: words) == (words != shown))
    }

    @Test(
        "a line is masked where a command in it carries a password, one `*` a byte",
        arguments: [
            ("execute 127.0.0.1:7000 CONFIG SET requirepass \"pw\"", "execute 127.0.0.1:7000 CONFIG SET requirepass \"**\""),
            ("execute n ACL SETUSER bob >pässword;echo x", "execute n ACL SETUSER bob **********;echo x"),
            ("execute n AUTH\tu\tpw\r", "execute n AUTH\t*\t**\r"),
            ("execute n GET requirepass", "execute n GET requirepass"),
            ("import n --from h:1 --cluster-from-pass pw", "import n --from h:1 --cluster-from-pass **"),
        ]
    )
    func masksLines(line: String, masked: String) {
        #expect(RedisCommand.maskingSecrets(inLine: line) == masked)
        #expect(RedisCommand.secretRanges(in: line).isEmpty == (line == masked))
    }

    @Test("an error reply that quotes the password it was given is shown without it")
    func redactsErrorReplies() {
        let command = RedisCommand("ACL", "SETUSER", "bob", "#notahash")
        let reply = RESPValue.error(ByteBuffer(string: "ERR Error in ACL SETUSER modifier '#notahash': bad"))
        #expect(command.redacting(reply).string == "ERR Error in ACL SETUSER modifier '(redacted)': bad")
        #expect(command.redacting("rule notahash") == "rule (redacted)")
        let plain = RESPValue.error(ByteBuffer(string: "ERR wrong number of arguments for 'get' command"))
        #expect(RedisCommand("GET").redacting(plain) == plain)
    }
}
