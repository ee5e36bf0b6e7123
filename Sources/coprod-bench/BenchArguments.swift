// coprod — co-production toolkit. Apache-2.0.

import Foundation

// MARK: - Arguments

/// Plain command-line parsing: positional words and `--name value` options.
struct BenchArguments {
  private var words: [String]

  init(_ words: [String]) { self.words = words }

  /// Removes and returns the next positional word.
  mutating func next() -> String? {
    guard let index = words.firstIndex(where: { !$0.hasPrefix("--") }) else { return nil }
    if index > 0, words[index - 1].hasPrefix("--") { return nil }
    return words.remove(at: index)
  }

  /// Removes and returns the value of `--name`, or nil when absent.
  mutating func option(_ name: String) throws(BenchUsageError) -> String? {
    guard let index = words.firstIndex(of: "--\(name)") else { return nil }
    guard index + 1 < words.count else { throw BenchUsageError("--\(name) needs a value") }
    let value = words[index + 1]
    words.removeSubrange(index...(index + 1))
    return value
  }

  /// The integer value of `--name`, `fallback` when absent.
  mutating func integer(_ name: String, default fallback: Int? = nil) throws(BenchUsageError) -> Int {
    guard let text = try option(name) else {
      guard let fallback else { throw BenchUsageError("--\(name) is required") }
      return fallback
    }
    guard let value = Int(text), value >= 0 else { throw BenchUsageError("--\(name) must be a whole number, got '\(text)'") }
    return value
  }

  /// Fails when words are left over.
  func finish() throws(BenchUsageError) {
    if let extra = words.first { throw BenchUsageError("unexpected argument '\(extra)'") }
  }
}

/// A usage error: printed with the usage text, exit status 64.
struct BenchUsageError: Error {
  let message: String
  init(_ message: String) { self.message = message }
}

// MARK: - Timing

/// Monotonic wall-clock seconds.
func now() -> Double {
  var spec = timespec()
  clock_gettime(CLOCK_MONOTONIC, &spec)
  return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
}

/// The median of `values` (the mean of the middle two for an even count).
func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
