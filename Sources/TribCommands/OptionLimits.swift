import RedisTrib

/// The accepted range of every numeric option, checked when the command line or a statement is
/// read, before anything connects.
///
/// Every range is small enough that the conversions behind it (seconds to milliseconds or
/// nanoseconds, a timeout times a batch size) cannot overflow.
public enum OptionLimits {
    /// `--timeout`: how long to wait for the cluster to agree, in seconds (up to a day).
    public static let waitTimeoutSeconds: ClosedRange<Double> = 0.001...86_400
    /// `--connect-timeout`: how long to wait for a connection, in seconds (up to an hour).
    public static let connectTimeoutSeconds: ClosedRange<Double> = 0.001...3_600
    /// `--command-timeout`: how long to wait for a reply, in seconds (up to a day).
    public static let commandTimeoutSeconds: ClosedRange<Double> = 0.001...86_400
    /// `--keys-per-batch`: keys per `MIGRATE`.
    public static let keysPerBatch = OperationOptions.keysPerBatchRange
    /// `--batch-bytes`: bytes per `MIGRATE` (up to 1 GiB).
    public static let batchBytes = OperationOptions.bytesPerBatchRange
    /// `--migrate-timeout`: the timeout `MIGRATE` is given, in milliseconds (up to a day).
    public static let migrateTimeoutMilliseconds: ClosedRange<Int> = 1...86_400_000
    /// `--atomic-timeout`: how long one atomic slot migration may take, in seconds (up to a week).
    public static let atomicTimeoutSeconds: ClosedRange<Int> = 1...604_800
    /// `--parallel`: pairs of masters moving slots at once.
    public static let parallelMoves: ClosedRange<Int> = 1...64
    /// `--max-slots`: slots per `CLUSTER ADDSLOTS`.
    public static let maxSlots: ClosedRange<Int> = 1...16_384
    /// `--max-loop-iterations`: loop iterations one run of a script may run (the default is a million).
    public static let loopIterations: ClosedRange<Int> = 1...1_000_000_000_000
    /// `sandbox start N`: nodes of a sandbox.
    public static let sandboxNodes: ClosedRange<Int> = 1...100
    /// `create --replicas N`: replicas per master.
    public static let createReplicas: ClosedRange<Int> = 0...99
    /// `sandbox start --replicas R`: replicas per master of a sandbox.
    public static let sandboxReplicas: ClosedRange<Int> = 0...99

    /// `text` as a whole number within `range`, for the option or parameter `name`.
    ///
    /// - Throws: ``TribError`` `.usage` naming the option, the value given and the range.
    public static func wholeNumber(_ text: String, in range: ClosedRange<Int>, for name: String) throws(TribError) -> Int {
        guard let number = Int(text), range.contains(number) else {
            throw TribError(.usage, "\(name) takes a whole number from \(describe(range)), not '\(text)'")
        }
        return number
    }

    /// `text` as a number of seconds within `range` (decimals allowed), for the option `name`.
    ///
    /// - Throws: ``TribError`` `.usage` naming the option, the value given and the range.
    public static func seconds(_ text: String, in range: ClosedRange<Double>, for name: String) throws(TribError) -> Double {
        guard let number = Double(text), number.isFinite, range.contains(number) else {
            throw TribError(.usage, "\(name) takes a number of seconds from \(describe(range)), not '\(text)'")
        }
        return number
    }

    /// `1 to 16384`, as the messages and help show a range.
    public static func describe(_ range: ClosedRange<Int>) -> String {
        "\(range.lowerBound) to \(range.upperBound)"
    }

    /// `0.001 to 3600`, as the messages and help show a range of seconds.
    public static func describe(_ range: ClosedRange<Double>) -> String {
        "\(shown(range.lowerBound)) to \(shown(range.upperBound))"
    }

    private static func shown(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
