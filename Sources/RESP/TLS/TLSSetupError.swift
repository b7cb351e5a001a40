/// Why TLS options cannot be used: the option at fault and what was expected of it.
///
/// Raised by ``TLSOptions/init(caFile:caDirectory:certificateFile:keyFile:insecure:serverName:ciphers:cipherSuites:)``,
/// before any connection is opened.
public struct TLSSetupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The option at fault, as redis-cli spells it (`--cacert`, `--cert`, `--tls-ciphers`, …).
    public var option: String
    /// What is wrong with it.
    public var message: String

    /// Makes an error.
    public init(option: String, _ message: String) {
        self.option = option
        self.message = message
    }

    /// `--cacert: …`.
    public var description: String { "\(option): \(message)" }
}
