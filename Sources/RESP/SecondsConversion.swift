/// Turns a number of seconds into whole milliseconds or nanoseconds without ever trapping.
///
/// `Int(seconds * 1000)` traps when the product is not finite or does not fit in 64 bits; timeouts
/// come from the command line and from library users, so every conversion goes through here:
/// negative and NaN become 0, and anything above ``maximumSeconds`` becomes that.
public enum SecondsConversion {
    /// The longest time converted, about 31 years; long enough to mean "never" in a timeout.
    public static let maximumSeconds: Double = 1e9

    /// `seconds`, clamped to 0…``maximumSeconds``.
    public static func clamped(_ seconds: Double) -> Double {
        guard seconds.isFinite else { return seconds.isNaN || seconds < 0 ? 0 : maximumSeconds }
        return min(max(seconds, 0), maximumSeconds)
    }

    /// `seconds` in whole milliseconds, clamped.
    public static func milliseconds(_ seconds: Double) -> Int {
        Int((clamped(seconds) * 1000).rounded())
    }

    /// `seconds` in whole nanoseconds, clamped.
    public static func nanoseconds(_ seconds: Double) -> Int64 {
        Int64((clamped(seconds) * 1e9).rounded())
    }

    /// `seconds` as a `Duration`, clamped.
    public static func duration(_ seconds: Double) -> Duration {
        .milliseconds(milliseconds(seconds))
    }
}
