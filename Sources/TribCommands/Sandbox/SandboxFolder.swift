import Foundation
import RedisTrib

/// A sandbox's folder, marked as made by redis-trib: a folder without the mark is never emptied
/// or deleted, whatever `$REDIS_TRIB_SANDBOX` names (`$HOME`, say).
struct SandboxFolder: Sendable {
    /// The name of the marker file, written in the folder before anything else.
    static let markerName = ".redis-trib-sandbox"

    /// The folder.
    var path: String

    var markerPath: String { path + "/" + Self.markerName }

    /// Whether the folder carries the marker (a regular file, not a link to one elsewhere).
    var isMarked: Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: markerPath) else { return false }
        return attributes[.type] as? FileAttributeType == .typeRegular
    }

    /// Whether the folder exists and holds anything.
    var isEmptyOrMissing: Bool {
        guard let contents = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            return !FileManager.default.fileExists(atPath: path)
        }
        return contents.isEmpty
    }

    /// Checks that a new sandbox may go here: the folder is missing, empty, or a sandbox's.
    ///
    /// - Throws: ``TribError`` `.preconditionFailed` for a folder that holds other things, or a file.
    func checkUsable() throws(TribError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
            throw TribError(.preconditionFailed, "\(path) is a file, not a sandbox folder; set REDIS_TRIB_SANDBOX to a new folder")
        }
        guard isMarked || isEmptyOrMissing else {
            throw TribError(
                .preconditionFailed,
                "\(path) is not empty and is not a redis-trib sandbox (it has no \(Self.markerName) file); "
                    + "nothing in it was touched: set REDIS_TRIB_SANDBOX to a new or empty folder"
            )
        }
    }

    /// Makes the folder ready for a new sandbox: a sandbox's old folder is emptied, then the
    /// folder is made and marked before anything else is written in it.
    ///
    /// - Throws: ``TribError`` when ``checkUsable()`` refuses, or the folder cannot be written.
    func prepare() throws(TribError) {
        try checkUsable()
        if isMarked {
            remove()
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try Data("redis-trib sandbox: redis-trib may delete this folder\n".utf8).write(to: URL(fileURLWithPath: markerPath))
        } catch {
            throw TribError(.launchFailed, "cannot make the sandbox folder \(path): \(error.localizedDescription)")
        }
    }

    /// Deletes the folder with all it holds, if it carries the marker; returns whether it did.
    @discardableResult
    func remove() -> Bool {
        guard isMarked else { return false }
        return (try? FileManager.default.removeItem(atPath: path)) != nil
    }
}
