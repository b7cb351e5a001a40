import RedisTrib
import Testing

@testable import TribCommands

@Suite("Port reservation")
struct PortReservationTests {
    #if os(Linux)
    @Test("a reserved port is claimed on the whole machine until released, and one process never gets it twice")
    func claimHeldUntilReleased() throws {
        let first = try PortReservation.shared.reserve()
        // The claim is a name in the abstract socket namespace: while it is held, no one (this process included) can take it.
        #expect(PortReservation.claim(first.port) == nil)
        first.release()
        let again = try #require(PortReservation.claim(first.port), "the claim outlived its release")
        again.release()
        let second = try PortReservation.shared.reserve()
        second.release()
        #expect(second.port != first.port)
    }
    #endif
}
