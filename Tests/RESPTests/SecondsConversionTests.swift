import Testing

@testable import RESP

@Suite("Seconds to whole units, never trapping")
struct SecondsConversionTests {
    @Test("in range, seconds convert exactly")
    func exact() {
        #expect(SecondsConversion.milliseconds(1.5) == 1500)
        #expect(SecondsConversion.nanoseconds(0.25) == 250_000_000)
        #expect(SecondsConversion.duration(2) == .seconds(2))
    }

    @Test("huge, infinite, negative and NaN seconds are clamped", arguments: [1e10, 1e308, .infinity, -1, -.infinity, .nan, 9.3e18])
    func clamped(seconds: Double) {
        let milliseconds = SecondsConversion.milliseconds(seconds)
        let nanoseconds = SecondsConversion.nanoseconds(seconds)
        #expect(milliseconds >= 0 && milliseconds <= 1_000_000_000_000)
        #expect(nanoseconds >= 0 && nanoseconds <= 1_000_000_000_000_000_000)
        if seconds.isNaN || seconds < 0 {
            #expect(milliseconds == 0)
        }
    }

    @Test("a timeout error shows a huge number of seconds without converting it to Int")
    func hugeTimeoutMessage() {
        let error = RedisError(node: NodeAddress(host: "127.0.0.1", port: 1), kind: .connectTimeout(seconds: 1e300))
        #expect(error.reason.contains("1e+300"))
    }
}
