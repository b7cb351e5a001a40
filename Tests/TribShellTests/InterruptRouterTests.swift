import Testing

@testable import TribShell

struct InterruptRouterTests {
    @Test func ctrlCCancelsTheEntryAndASecondOneIsReportedToTheHandler() async {
        let handler = RecordingShellHandler(candidates: [])
        let router = InterruptRouter(handler: handler)
        let entry = Task<ShellAction, Never> {
            // Stands for an entry that takes its time to reach a safe point.
            try? await Task.sleep(for: .seconds(600))
            return .keepReading
        }
        await router.running(entry)
        await router.interrupt()
        #expect(entry.isCancelled)
        #expect(handler.reports.isEmpty)
        await router.interrupt()
        #expect(handler.reports == [.stillStopping])
        #expect(await entry.value == .keepReading)
    }

    @Test func ctrlCWhileIdleDoesNothing() async {
        let handler = RecordingShellHandler(candidates: [])
        let router = InterruptRouter(handler: handler)
        await router.interrupt()
        #expect(handler.reports.isEmpty)
    }
}
