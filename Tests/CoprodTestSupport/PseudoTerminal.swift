// coprod — co-production toolkit. Apache-2.0.

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// MARK: - Running coprod in a terminal

/// `coprod` running with a pseudo-terminal as its standard input, output and error, as a
/// facilitator's terminal would be: tests type lines into it and wait for what it shows.
///
/// ```swift
/// let terminal = try PseudoTerminal(["run", "story-circle", "--live"], in: ws)
/// try terminal.waitFor("s1 arriving › ")
/// terminal.type("attend p001 p002")
/// ```
public final class PseudoTerminal: @unchecked Sendable {
  /// The running `coprod`.
  public let process: Process
  private let master: Int32
  private let lock = NSLock()
  private var output = Data()
  private var mark = 0
  private let reader = DispatchGroup()

  /// Starts `coprod arguments` in `directory` on a new pseudo-terminal of `rows` × `columns`.
  public init(
    _ arguments: [String], env: [String: String] = cliEnvironment(), in directory: String, rows: UInt16 = 40, columns: UInt16 = 120
  ) throws {
    var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
    var parent: Int32 = -1
    var slave: Int32 = -1
    guard openpty(&parent, &slave, nil, nil, &size) == 0 else {
      throw CocoaError(.fileReadUnknown, userInfo: ["reason": "no pseudo-terminal"])
    }
    master = parent
    let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
    process = Process()
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.executableURL = coprodBinary
    process.arguments = arguments
    process.environment = env
    process.standardInput = handle
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    try handle.close()
    reader.enter()
    let fd = master
    Thread.detachNewThread { [self] in
      var buffer = [UInt8](repeating: 0, count: 4096)
      while true {
        let count = read(fd, &buffer, buffer.count)
        if count <= 0 { break }
        lock.lock()
        output.append(contentsOf: buffer[0..<count])
        lock.unlock()
      }
      reader.leave()
    }
  }

  deinit {
    if process.isRunning { process.terminate() }
    close(master)
  }

  /// Types `line` and Return.
  public func type(_ line: String) {
    let bytes = Array((line + "\r").utf8)
    _ = bytes.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
  }

  /// Waits until `text` appears in what the terminal showed since the last wait, and
  /// returns what it showed up to and including it.
  @discardableResult
  public func waitFor(_ text: String, timeout: TimeInterval = 30) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    let needle = Data(text.utf8)
    while Date() < deadline {
      lock.lock()
      let seen = output
      let from = mark
      lock.unlock()
      if let found = seen[from...].range(of: needle) {
        lock.lock()
        mark = found.upperBound
        lock.unlock()
        return String(decoding: seen[from..<found.upperBound], as: UTF8.self)
      }
      if !process.isRunning && seen.count == from { break }
      usleep(20_000)
    }
    lock.lock()
    let shown = String(decoding: output[mark...], as: UTF8.self)
    lock.unlock()
    throw CocoaError(.fileReadUnknown, userInfo: ["waiting for": text, "shown": shown])
  }

  /// Everything the terminal showed since the last wait, once `coprod` has exited.
  public func finish() -> (status: Int32, shown: String) {
    process.waitUntilExit()
    _ = reader.wait(timeout: .now() + 5)
    lock.lock()
    defer { lock.unlock() }
    return (process.terminationStatus, String(decoding: output[mark...], as: UTF8.self))
  }

  /// Kills `coprod` at once (SIGKILL), as a crash or a pulled plug would.
  public func killAtOnce() {
    _ = kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }
}
