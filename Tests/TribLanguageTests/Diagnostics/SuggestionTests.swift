import Testing
import TribLanguage

@Suite struct SuggestionTests {
    static let commands = ["migrate_slots", "join_no_load", "execute", "connect", "check", "fix", "info", "rebalance"]

    static let table: [(String, String?)] = [
        ("migrat_slots", "migrate_slots"),  // deletion
        ("migrate_slotss", "migrate_slots"),  // insertion
        ("migrate_slits", "migrate_slots"),  // substitution
        ("exceute", "execute"),  // swap of neighbours
        ("MIGRATE_SLOTS", "migrate_slots"),  // case only
        ("chekc", "check"),
        ("conect", "connect"),
        ("fxi", "fix"),
        ("rebalance", "rebalance"),  // exact
        ("reshard", nil),
        ("x", nil),
        ("", nil),
        ("migrate", nil),  // a prefix is not a typo
        ("infoo", "info"),
    ]

    @Test(arguments: table)
    func findsTheClosestName(_ name: String, _ expected: String?) {
        #expect(Suggestion.closest(to: name, among: Self.commands) == expected)
    }

    @Test func tiesGoToTheFirstCandidate() {
        #expect(Suggestion.closest(to: "cat", among: ["bat", "cap"]) == "bat")
        #expect(Suggestion.closest(to: "cat", among: ["cap", "bat"]) == "cap")
    }

    @Test func preferTheSmallestDistance() {
        #expect(Suggestion.closest(to: "masterz", among: ["mastery", "masters", "master"]) == "mastery")
        #expect(Suggestion.closest(to: "nodez", among: ["nod", "nodes"]) == "nodes")
    }

    @Test func didYouMeanWritesTheMessageAndTheFix() {
        let suggestion = Suggestion.didYouMean("exceute", among: Self.commands)
        #expect(suggestion?.message == "did you mean `execute`?")
        #expect(suggestion?.replacement == "execute")
        #expect(Suggestion.didYouMean("execute", among: Self.commands) == nil)
    }

    @Test func handlesUnicode() {
        #expect(Suggestion.closest(to: "nœuds", among: ["nœud", "nodes"]) == "nœud")
    }
}
