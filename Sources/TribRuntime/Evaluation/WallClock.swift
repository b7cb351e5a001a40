import Foundation

/// The time of day, for `now()`.
enum WallClock {
    /// Whole seconds since 1970-01-01 UTC.
    static var secondsSince1970: Int { Int(Date().timeIntervalSince1970) }
}
