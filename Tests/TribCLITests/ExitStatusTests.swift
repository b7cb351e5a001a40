import RedisTrib
import Testing
import TribLanguage

@testable import TribCLI

struct ExitStatusTests {
    @Test func placeholder() {
        #expect(ExitStatus.usage.code == 2)
    }
}
