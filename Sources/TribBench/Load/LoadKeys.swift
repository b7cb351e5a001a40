import NIOCore

/// The keys of the load client: its own names (`load:{tag}:stream:n`, left out of the dataset's
/// fingerprint), half of them in the slots a move takes and half in the others.
struct LoadKeys: Sendable {
    /// The prefix of every load key; the fingerprint skips keys that have it.
    static let prefix = "load:"

    /// One key.
    struct Key: Sendable, Equatable {
        var name: String
        var slot: Int
    }

    /// Two streams of keys: the first in the moving slots, the second in the others.
    var streams: [[Key]]

    /// `perStream` keys for each stream. With `moving` slots given, the first stream's keys are spread
    /// over them and the second's over every other slot; without (a join, whose slots are chosen by the
    /// tool), both are spread over all slots, and the report sorts the requests by the slots that moved.
    init(moving: [Int]?, perStream: Int) {
        let all = Array(0..<16384)
        let movingSet = Set(moving ?? [])
        let groups: [[Int]] =
            if let moving, !moving.isEmpty {
                [moving, all.filter { !movingSet.contains($0) }]
            } else {
                [all, all]
            }
        streams = groups.enumerated().map { stream, slots in
            (0..<perStream).map { index in
                // Spread evenly, the second stream of a join shifted by half a step.
                let position = (index * slots.count + (moving == nil ? stream * slots.count / (2 * perStream) : 0)) / perStream
                let slot = slots[min(position, slots.count - 1)]
                return Key(name: "\(Self.prefix){\(SlotTags.tag(for: slot))}:\(stream):\(index)", slot: slot)
            }
        }
    }

    /// Whether a key is one of the load client's.
    static func isLoadKey(_ key: ByteBuffer) -> Bool {
        key.readableBytesView.starts(with: prefix.utf8)
    }
}
