import RedisTrib

/// Where the value of a command's option goes: into the ``OperationOptions`` the command runs with
/// (`--keys-per-batch` sets ``OperationOptions/keysPerBatch``), or to the command alone, which reads
/// it from its arguments (`--ignore-failed`).
///
/// ``CommandArguments/applyingOptions(to:)`` sets every option of the first kind, so the command
/// line, the language and a library caller of a signature all run with the same options.
public struct OptionTarget<Value: Sendable>: Sendable {
    /// Sets the value on operation options; `nil` when the command reads the value itself.
    let set: (@Sendable (inout OperationOptions, Value) -> Void)?

    /// The value is set on operation options by `set`.
    public static func setting(_ set: @escaping @Sendable (inout OperationOptions, Value) -> Void) -> Self {
        Self(set: set)
    }

    /// The value is stored at `keyPath` of operation options.
    public static func into(_ keyPath: any WritableKeyPath<OperationOptions, Value> & Sendable) -> Self {
        Self { options, value in options[keyPath: keyPath] = value }
    }

    /// The value goes nowhere but to the command, which reads it from its arguments.
    public static var readByCommand: Self { Self(set: nil) }
}
