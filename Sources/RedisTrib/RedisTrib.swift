/// The redis-trib library: every cluster operation as an async function.
public enum RedisTrib {
    /// The version of redis-trib.
    public static let version = "0.1.0"
}
