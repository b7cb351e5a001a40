import Foundation
import Histogram

/// What the load client measured in one or more runs: latency histograms (microseconds) of the
/// requests on keys whose slot moved and on the others, errors by kind, redirections followed,
/// and acknowledged writes lost.
struct LoadLatency: Sendable {
    var moving = Self.histogram()
    var other = Self.histogram()
    var requests = 0
    var redirects = 0
    var errors: [String: Int] = [:]
    var lostWrites = 0

    init() {}

    /// Sorts the samples by `moved(slot)`: whether the slot changed owner during the run.
    init(_ outcomes: [LoadStream.Outcome], lostWrites: Int, moved: (Int) -> Bool) {
        for outcome in outcomes {
            redirects += outcome.redirects
            for sample in outcome.samples {
                requests += 1
                if moved(sample.slot) {
                    moving.record(sample.micros)
                } else {
                    other.record(sample.micros)
                }
                if let failure = sample.failure {
                    errors[failure, default: 0] += 1
                }
            }
        }
        self.lostWrites = lostWrites
    }

    /// Both together: the runs of one row.
    mutating func merge(_ more: LoadLatency) {
        moving.add(more.moving)
        other.add(more.other)
        requests += more.requests
        redirects += more.redirects
        errors.merge(more.errors, uniquingKeysWith: +)
        lostWrites += more.lostWrites
    }

    /// Every request, moving and other.
    var overall: Histogram<UInt64> {
        var all = moving
        all.add(other)
        return all
    }

    /// `p50 0.12 / p99 4.31 / max 18.20 ms`, or `—` without requests.
    static func describe(_ histogram: Histogram<UInt64>) -> String {
        guard histogram.totalCount > 0 else { return "—" }
        return String(
            format: "%@ / %@ / %@", milliseconds(histogram.valueAtPercentile(50)), milliseconds(histogram.valueAtPercentile(99)),
            milliseconds(histogram.max))
    }

    /// The 99th percentile in milliseconds; `nil` without requests.
    static func p99(_ histogram: Histogram<UInt64>) -> Double? {
        histogram.totalCount > 0 ? Double(histogram.valueAtPercentile(99)) / 1000 : nil
    }

    /// `CLUSTERDOWN 3, command-timeout 1`, `none`, with lost writes first.
    var errorSummary: String {
        var parts = errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        if lostWrites > 0 { parts.insert("LOST WRITES \(lostWrites)", at: 0) }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    private static func milliseconds(_ micros: UInt64) -> String {
        String(format: "%.2f", Double(micros) / 1000)
    }

    /// Microseconds up to 10 minutes, 3 significant digits.
    private static func histogram() -> Histogram<UInt64> {
        Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
    }
}
