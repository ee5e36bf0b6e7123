// coprod — co-production toolkit. Apache-2.0.

/// How much text one plugin run may hand to the host (notes, tallies, reasons, document
/// blocks). Text copied into Swift is outside the Lua allocator's cap, so without this a
/// plugin could grow the host without bound by writing notes in a loop. The allowance equals
/// the run's memory limit: the user's `--max-memory` bounds both.
struct OutputAllowance {
  private let limit: Int
  private var used = 0

  init(limit: Int) { self.limit = limit }

  /// Takes `bytes` from the allowance, or fails naming `method` when it is used up.
  mutating func spend(_ bytes: Int, in method: String) throws(LuaCallError) {
    guard bytes <= limit - used else {
      throw LuaCallError(
        "\(method): the output is over its limit of \(limit / (1024 * 1024)) MiB (the memory limit); write shorter notes, or pass --max-memory if the plugin is trusted")
    }
    used += bytes
  }
}
