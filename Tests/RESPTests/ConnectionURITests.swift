import RESP
import Testing

/// Connection strings, as redis-cli's `-u` reads them.
@Suite struct ConnectionURITests {
    @Test(
        "the parts of a connection string: scheme, user, password (percent-decoded), host (IPv6 in brackets), port (6379 by default)",
        arguments: [
            ("redis://127.0.0.1:7000", "127.0.0.1:7000", nil, nil, false),
            ("rediss://user:p%40ss@node-a.example:7000", "node-a.example:7000", "user", "p@ss", true),
            ("redis://:secret@[::1]:7001", "[::1]:7001", nil, "secret", false),
            ("redis://secret@localhost", "localhost:6379", nil, "secret", false),
            ("valkeys://u:x@10.0.0.1:7000/0", "10.0.0.1:7000", "u", "x", true),
            ("VALKEY://h:1/", "h:1", nil, nil, false),
            ("redis://u:a:b@h:1", "h:1", "u", "a:b", false),
        ] as [(String, String, String?, String?, Bool)]
    )
    func parts(text: String, address: String, username: String?, password: String?, tls: Bool) throws {
        let uri = try ConnectionURI(parsing: text)
        #expect(uri.address.description == address)
        #expect(uri.username == username && uri.password == password && uri.tls == tls)
    }

    @Test(
        "a string that is not one says what was expected, and never shows the password",
        arguments: [
            ("http://u:pw@h:1", "the scheme 'http' is not redis, rediss, valkey or valkeys"),
            ("redis://u:pw@h:1/3", "the database '3' is not 0"),
            ("redis://u:p%4@h:1", "must be followed by two hex digits"),
            ("redis://u:pw@h:99999", "the port '99999' is not a number from 1 to 65535"),
            ("127.0.0.1:7000", "expected redis://"),
        ]
    )
    func refused(text: String, reason: String) {
        #expect {
            try ConnectionURI(parsing: text)
        } throws: { error in
            let message = (error as? NodeAddressError)?.description ?? ""
            return message.contains(reason) && !message.contains("pw") && !message.contains("p%4")
        }
    }

    @Test("its description hides the password; a line's passwords in connection strings are masked in place")
    func hidden() throws {
        #expect(try ConnectionURI(parsing: "rediss://u:pw@h:1").description == "rediss://u:***@h:1")
        #expect(try ConnectionURI(parsing: "redis://h:1").description == "redis://h:1")
        let line = #"connect "redis://op:s3cret@127.0.0.1:7000" # and redis://tok@h:1"#
        #expect(RedisCommand.maskingSecrets(inLine: line) == #"connect "redis://op:******@127.0.0.1:7000" # and redis://***@h:1"#)
        #expect(RedisCommand.maskingSecrets(inLine: "connect redis://h:1") == "connect redis://h:1")
        // Characters words end at, unencoded in a password, do not cut the string short.
        let odd = #"connect "redis://ops:Pa,s;s(')@h:7000""#
        #expect(RedisCommand.maskingSecrets(inLine: odd) == #"connect "redis://ops:*********@h:7000""#)
        #expect(try ConnectionURI(parsing: "redis://ops:Pa,s;s(')@h:7000").password == "Pa,s;s(')")
    }
}
