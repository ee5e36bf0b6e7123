// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// MARK: - The facilitator's console

/// The terminal side of a live session: reads lines, hands them to ``LiveSession`` and shows
/// what happened. In a terminal it keeps a screen with the stage, its prompt, a ticking timer,
/// tables and turns at the top; otherwise it speaks the plain line protocol (docs/cli.md §
/// Live sessions): reply lines, then `ready ID PLACE` before each line it reads.
final class LiveConsole {
  let live: LiveSession
  let screen: LiveScreen?

  init(_ live: LiveSession, terminal: Bool) {
    self.live = live
    screen = terminal ? LiveScreen(live) : nil
  }

  /// Whether standard input and output are a terminal.
  static var isTerminal: Bool { isatty(0) == 1 && isatty(1) == 1 }

  /// Reads and performs lines until `end`, `quit` or the end of input.
  func run(resumed: Bool) {
    let opening = [LiveText.opening(live, resumed: resumed)] + LiveText.status(live, now: live.clock())
    if let screen {
      screen.start(opening)
    } else {
      emit(opening + [LiveText.ready(live)])
    }
    var number = 0
    while let line = readLine(strippingNewline: true) {
      number += 1
      var lines: [String]
      var stop = false
      do {
        let reply = try live.perform(line: line, number: number)
        lines = reply.lines
        stop = reply.stop
      } catch {
        lines = ["error: \(CLIFailure.message(error))"]
      }
      if stop {
        screen?.finish()
        emit(lines)
        return
      }
      if let screen {
        screen.show(lines, input: line)
      } else {
        emit(lines + [LiveText.ready(live)])
      }
    }
    let stopped = "stopped: session \(live.id) is not closed; carry on with: coprod run --resume \(live.id)"
    screen?.finish()
    emit([stopped])
  }

  private func emit(_ lines: [String]) {
    guard !lines.isEmpty else { return }
    FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
  }
}

// MARK: - The screen

/// A full-screen view for a facilitator at a terminal: the session and stage on the first
/// line, the timer on the second (updated every second), then the prompt, tables, turns and
/// vote; below them the latest replies and the input line.
final class LiveScreen: @unchecked Sendable {
  let live: LiveSession
  private var log: [String] = []
  private let lock = NSLock()
  private var ticker: (any DispatchSourceTimer)?
  /// The current stage's minutes and start, copied when drawing (the ticker reads only these).
  private var clockFace: (minutes: Double, start: Timestamp?)?

  init(_ live: LiveSession) {
    self.live = live
  }

  /// Draws the first screen and starts the timer.
  func start(_ opening: [String]) {
    log = [opening[0], "type help for the commands"]
    draw()
    let timer = DispatchSource.makeTimerSource(queue: .global())
    timer.schedule(deadline: .now() + 1, repeating: 1)
    timer.setEventHandler { [weak self] in self?.tick() }
    timer.resume()
    ticker = timer
  }

  /// Shows the replies to `input` and redraws.
  func show(_ lines: [String], input: String) {
    log += ["› " + input] + lines
    draw()
  }

  /// Stops the timer and leaves the screen, so what follows stays in the scrollback.
  func finish() {
    ticker?.cancel()
    lock.lock()
    defer { lock.unlock() }
    write("\u{1B}[H\u{1B}[2J")
  }

  private func size() -> (rows: Int, columns: Int) {
    var size = winsize()
    guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else { return (24, 80) }
    return (Int(size.ws_row), Int(size.ws_col))
  }

  /// The session and stage, and the timer line (kept on row 2 so the ticker can rewrite it).
  private func head(_ status: [String]) -> (title: String, timer: String, rest: [String]) {
    let title = "coprod live · \(live.id) · \(live.formatName) · " + (status.first ?? "")
    let timer = status.first(where: { $0.hasPrefix("time: ") }) ?? ""
    return (title, timer, status.dropFirst().filter { !$0.hasPrefix("time: ") })
  }

  private func draw() {
    lock.lock()
    defer { lock.unlock() }
    let (rows, columns) = size()
    let (title, timer, rest) = head(LiveText.status(live, now: live.clock()))
    clockFace = live.stageMinutes.map { ($0, live.stageStarted) }
    var panel = [title, timer] + rest
    let room = max(4, rows - 6)
    if panel.count > room { panel = Array(panel.prefix(room - 1)) + ["… \(panel.count - room + 1) more lines: type status"] }
    let rule = String(repeating: "─", count: min(columns, 80))
    let space = max(1, rows - panel.count - 3)
    let shown = log.suffix(space)
    var screen = "\u{1B}[H\u{1B}[2J"
    for line in panel + [rule] + shown { screen += String(line.prefix(columns)) + "\n" }
    screen += "\(live.id) \(LiveText.place(live)) › "
    write(screen)
  }

  /// Rewrites the timer on row 2, leaving the cursor (and what is being typed) where it is.
  private func tick() {
    lock.lock()
    defer { lock.unlock() }
    guard let face = clockFace else { return }
    let timer = "time: " + LiveText.timer(minutes: face.minutes, since: face.start, now: live.clock())
    write("\u{1B}7\u{1B}[2;1H\u{1B}[2K\(String(timer.prefix(size().columns)))\u{1B}8")
  }

  private func write(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }
}
