// coprod — co-production toolkit. Apache-2.0.

import CLua
import CLuaShims
import CoprodModel
import Foundation
import Logging

// MARK: - Sandbox

/// One sandboxed Lua 5.4 state for one plugin run.
///
/// The state sees an allow-listed environment (see docs/architecture.md § The Lua sandbox): no `io`,
/// `debug`, `package`, `dofile`, `loadfile`, `string.dump` or binary chunks; `os` reduced to
/// `time`/`date`/`clock`/`difftime`; `print`/`warn` go to the host log; `require` loads Lua
/// source files from the plugin's own folder (and declared dependencies) only; `math.random`
/// is seeded by the host. Every run has a memory cap, an instruction budget and a wall-clock
/// deadline that the plugin cannot catch with `pcall`, also inside coroutines.
///
/// Swift calls Lua only through protected calls; Lua calls Swift only through a C trampoline
/// that raises errors after the Swift frame has returned. No Lua error ever crosses a Swift
/// frame: see "The rules of the C API boundary" in LuaStack.swift.
///
/// A sandbox is confined to the thread that uses it (it is not `Sendable`).
public final class LuaSandbox {
  /// The plugin's id, used in every error message.
  public let pluginID: String
  /// The plugin's folder; `require` resolves modules inside it.
  public let root: URL
  /// The limits of this run.
  public let limits: LuaLimits
  /// The seed of `math.random`, recorded with results.
  public let seed: Int64

  let state: OpaquePointer
  private let usage: UnsafeMutablePointer<coprod_limits>
  private var functions: [Unmanaged<HostFunction>] = []
  private let dependencyRoots: [String: URL]
  private let logger: Logger
  private var apiTable: Int32 = 0
  /// Bytes of `print`/`warn` output the plugin may still write to the log; past it further
  /// messages are dropped (once noted), so a plugin cannot flood the terminal or a log file.
  private var logBytesLeft = LuaSandbox.logAllowance

  /// `print`/`warn` output allowed per sandbox, and the longest single message.
  static let logAllowance = 1 << 20
  static let maxLogMessage = 2_000

  /// Creates a sandbox for the plugin `pluginID` in `root`.
  ///
  /// - Parameters:
  ///   - pluginID: the plugin's reverse-DNS id.
  ///   - root: the plugin folder.
  ///   - limits: memory, instruction and time budgets for the whole run.
  ///   - seed: the seed for `math.random`.
  ///   - dependencies: folders of declared dependencies by id, reachable as
  ///     `require "dep.id/module"`.
  ///   - logger: where `print` and `warn` go.
  /// - Throws: ``PluginRunError`` if the state cannot be created.
  public init(
    pluginID: String, root: URL, limits: LuaLimits = .default, seed: Int64 = 0,
    dependencies: [String: URL] = [:], logger: Logger = Logger(label: "coprod.plugin")
  ) throws(PluginRunError) {
    _ = LuaSandbox.dispatchInstalled
    self.pluginID = pluginID
    self.root = root.standardizedFileURL
    self.limits = limits
    self.seed = seed
    self.dependencyRoots = dependencies
    var pluginLogger = logger
    pluginLogger[metadataKey: "plugin"] = .string(pluginID)
    self.logger = pluginLogger
    usage = .allocate(capacity: 1)
    usage.initialize(to: coprod_limits())
    usage.pointee.memory_limit = limits.memoryBytes
    usage.pointee.instruction_limit = limits.instructions
    // The sandbox's own set-up is host work: the cap never refuses it half-way, but it
    // counts, so a cap smaller than an idle state is a memory-limit error below.
    usage.pointee.host_bypass = 1
    guard let state = coprod_newstate(usage) else {
      usage.deallocate()
      throw PluginRunError(kind: .load, pluginID: pluginID, location: nil, message: "could not create a Lua state")
    }
    self.state = state
    usage.pointee.deadline = coprod_now() + limits.seconds
    do {
      defer { usage.pointee.host_bypass = 0 }
      let status = coprod_open_sandbox(state, lua_Integer(seed))
      guard status == LUA_OK else { throw failure(kind: .load, status: status) }
      try installBootstrap()
    }
    if limits.memoryBytes < usage.pointee.memory_used {
      usage.pointee.tripped = Int32(COPROD_LIMIT_MEMORY)
      throw failure(kind: .load, status: LUA_ERRMEM)
    }
  }

  deinit {
    lua_close(state)
    for function in functions { function.release() }
    usage.deallocate()
  }

  // MARK: Usage

  /// Bytes the state currently holds.
  public var memoryInUse: Int { usage.pointee.memory_used }
  /// The most bytes the state has held.
  public var memoryPeak: Int { usage.pointee.memory_peak }
  /// VM instructions executed so far (in steps of 1,000).
  public var instructionsUsed: Int64 { usage.pointee.instructions_used }

  // MARK: Running code

  /// Loads and runs a Lua source file of the plugin, returning its first result.
  ///
  /// - Parameter relativePath: a path inside the plugin folder, e.g. `rule.lua`.
  /// - Returns: the chunk's first return value (functions kept as references).
  /// - Throws: ``PluginRunError`` naming the file and line of a syntax or runtime error.
  public func run(file relativePath: String) throws(PluginRunError) -> LuaValue {
    try checkNotInsideHostCall()
    let source: Data
    do {
      source = try readModule(relativePath, base: root)
    } catch {
      throw PluginRunError(kind: .load, pluginID: pluginID, location: nil, message: error.problem)
    }
    let status = source.withUnsafeBytes { bytes in
      coprod_load_source(state, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count, "=" + relativePath)
    }
    guard status == LUA_OK else { throw failure(kind: .load, status: status) }
    return try protectedCall(arguments: 0, location: relativePath)
  }

  /// Calls a function the plugin gave the host.
  ///
  /// - Parameters:
  ///   - function: the function's reference.
  ///   - arguments: pushes the arguments (at most ``COPROD_HOST_HEADROOM`` values, nesting
  ///     only through ``LuaStack/push(_:)-(LuaValue)``) and returns how many it pushed; it runs
  ///   under the allocator's bypass.
  /// - Returns: the first result.
  /// - Throws: ``PluginRunError``: of kind `input` when the arguments cannot be handed over
  ///   (e.g. data nested too deep), else as for ``run(file:)``.
  public func call(_ function: LuaFunctionReference, arguments: (LuaStack) throws(LuaCallError) -> Int32) throws(PluginRunError) -> LuaValue {
    try checkNotInsideHostCall()
    let base = lua_gettop(state)
    let count: Int32
    do {
      count = try withHostAllocations { () throws(LuaCallError) in
        let stack = LuaStack(state)
        guard stack.reserve(COPROD_HOST_HEADROOM) else { throw LuaCallError("the Lua stack is full") }
        lua_rawgeti(state, clua_registryindex(), lua_Integer(function.reference))
        return try arguments(stack)
      }
    } catch {
      lua_settop(state, base)
      throw PluginRunError(kind: .input, pluginID: pluginID, location: nil, message: "its input cannot be handed over: \(error.message)")
    }
    return try protectedCall(arguments: count, location: definedAt(function))
  }

  /// Runs `body`, host work that pushes or reads Lua values, with the allocator's bypass up,
  /// so the plugin's cap never refuses one of its allocations half-way (see LuaStack.swift).
  /// The bypass is lowered again however `body` ends.
  func withHostAllocations<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    usage.pointee.host_bypass += 1
    defer { usage.pointee.host_bypass -= 1 }
    return try body()
  }

  /// Host functions never call back into Lua: `run` and `call` refuse to start inside one.
  private func checkNotInsideHostCall() throws(PluginRunError) {
    guard usage.pointee.host_bypass == 0 else {
      throw PluginRunError(kind: .runtime, pluginID: pluginID, location: nil, message: "the host called into the plugin while the plugin was calling the host; host functions cannot call Lua")
    }
  }

  /// Calls the function below `arguments` values and copies its first result out.
  ///
  /// - Parameter location: names what ran (a file, or where a function was defined) when
  ///   its result cannot be read; evaluated only then.
  func protectedCall(arguments: Int32, location: @autoclosure () -> String?) throws(PluginRunError) -> LuaValue {
    let base = lua_gettop(state) - arguments - 1
    let watchdog = coprod_watchdog_arm(
      usage.pointee.deadline + 2,
      "coprod: plugin \(pluginID): time limit exceeded (\(Self.format(limits.seconds)) s) inside a library call; the run was stopped")
    let status = coprod_pcall(state, arguments, 1)
    coprod_watchdog_disarm(watchdog)
    guard status == LUA_OK, usage.pointee.tripped == 0 else { throw failure(kind: .runtime, status: status) }
    defer { lua_settop(state, base) }
    do {
      return try withHostAllocations { () throws(LuaReadError) in try LuaStack(state).value(at: -1, keepFunctions: true) }
    } catch {
      throw PluginRunError(kind: .invalidResult, pluginID: pluginID, location: location(), message: "returned a value the host cannot read: \(error.problem)")
    }
  }

  /// Where a plugin function was defined, `file:line`, if it is a Lua function.
  private func definedAt(_ function: LuaFunctionReference) -> String? {
    lua_rawgeti(state, clua_registryindex(), lua_Integer(function.reference))
    var buffer = [CChar](repeating: 0, count: 256)
    guard coprod_function_location(state, &buffer, buffer.count) != 0 else { return nil }
    return String(cString: buffer)
  }

  /// Builds the error for a failed load or call from the message on the stack and the
  /// limit flags, then clears the stack.
  private func failure(kind: PluginRunError.Kind, status: Int32) -> PluginRunError {
    let message = LuaStack(state).string(at: -1) ?? "unknown error"
    coprod_push_traceback(state)
    let traceback = PluginRunError.plugin(frames: LuaStack(state).string(at: -1) ?? "")
    lua_settop(state, 0)
    let (location, text) = PluginRunError.splitLocation(message)
    // A refused allocation that Lua reports as an error is the memory cap: a real
    // out-of-memory of the process aborts instead (see the allocator).
    if status == LUA_ERRMEM && usage.pointee.tripped == 0 { usage.pointee.tripped = Int32(COPROD_LIMIT_MEMORY) }
    switch usage.pointee.tripped {
    case Int32(COPROD_LIMIT_MEMORY):
      return PluginRunError(
        kind: .memoryLimit, pluginID: pluginID, location: location,
        message: "memory limit exceeded (\(Self.formatBytes(limits.memoryBytes))); if the plugin is trusted and needs more, pass --max-memory (host maximum 8G)")
    case Int32(COPROD_LIMIT_INSTRUCTIONS):
      return PluginRunError(
        kind: .instructionLimit, pluginID: pluginID, location: location,
        message: "instruction limit exceeded (\(limits.instructions) instructions), often a loop that never ends: check the loops near the line named; if the plugin is trusted and needs more, pass --max-instructions (host maximum 200000000000)")
    case Int32(COPROD_LIMIT_TIME):
      return PluginRunError(
        kind: .timeLimit, pluginID: pluginID, location: location,
        message: "time limit exceeded (\(Self.format(limits.seconds)) s); if the plugin is trusted and needs more, pass --timeout (host maximum 3600)")
    default:
      return PluginRunError(kind: kind, pluginID: pluginID, location: location, message: text, traceback: traceback)
    }
  }

  // MARK: Host functions and objects

  /// Pushes onto `stack` a Lua function implemented in Swift.
  ///
  /// The body reads its arguments from the stack it is given (the calling thread's), pushes
  /// its results there and returns how many (it has ``COPROD_HOST_HEADROOM`` free slots); a
  /// thrown ``LuaCallError`` becomes a Lua error at the caller's line. Call it from host code
  /// under the allocator's bypass.
  func pushFunction(on stack: LuaStack, _ body: @escaping (LuaStack) throws(LuaCallError) -> Int32) {
    let function = Unmanaged.passRetained(HostFunction(body))
    functions.append(function)
    coprod_push_function(stack.state, function.toOpaque())
  }

  /// Makes a Swift function and keeps it in the registry.
  private func functionReference(on stack: LuaStack, _ body: @escaping (LuaStack) throws(LuaCallError) -> Int32) -> Int32 {
    pushFunction(on: stack, body)
    return luaL_ref(stack.state, clua_registryindex())
  }

  /// Pushes onto `stack` a read-only host object: a userdata whose fields are computed on
  /// each read, whose methods are Swift functions, and whose metatable is locked. Reading an
  /// unknown key or writing any key is an error. Call it from host code under the
  /// allocator's bypass (e.g. inside ``call(_:arguments:)``'s `arguments`).
  func pushObject(_ object: HostObject, on stack: LuaStack) {
    var methodReferences: [String: Int32] = [:]
    for (name, body) in object.methods {
      methodReferences[name] = functionReference(on: stack) { stack throws(LuaCallError) in
        guard stack.type(at: 1) == LUA_TUSERDATA else {
          throw LuaCallError("call \(object.name):\(name)(…) with a colon")
        }
        return try body(stack)
      }
    }
    _ = lua_newuserdatauv(stack.state, 0, 0)
    lua_createtable(stack.state, 0, 4)
    pushFunction(on: stack) { stack throws(LuaCallError) in
      guard let key = stack.string(at: 2) else {
        throw LuaCallError("\(object.name) has no field of type \(stack.typeName(at: 2))")
      }
      if let field = object.fields[key] {
        try field(stack)
        return 1
      }
      if let reference = methodReferences[key] {
        lua_rawgeti(stack.state, clua_registryindex(), lua_Integer(reference))
        return 1
      }
      throw LuaCallError("\(object.name) has no field '\(key)'")
    }
    stack.setField("__index")
    pushFunction(on: stack) { _ throws(LuaCallError) in throw LuaCallError("\(object.name) is read-only") }
    stack.setField("__newindex")
    stack.push(object.name)
    stack.setField("__metatable")
    stack.push(object.name)
    stack.setField("__name")
    lua_setmetatable(stack.state, -2)
  }

  // MARK: Bootstrap

  /// Writes a plugin's `print`/`warn` message to the host log, within the log allowance.
  private func log(level: String, _ message: String) {
    guard logBytesLeft > 0 else { return }
    var text = message.count > Self.maxLogMessage
      ? "\(message.prefix(Self.maxLogMessage))… (\(message.count - Self.maxLogMessage) more characters)" : message
    logBytesLeft -= text.utf8.count
    if logBytesLeft <= 0 { text += " [further output from this plugin is dropped: over 1 MiB]" }
    if level == "warning" { logger.warning("\(text)") } else { logger.info("\(text)") }
  }

  private func installBootstrap() throws(PluginRunError) {
    let chunk = LuaBootstrap.source
    let status = chunk.withCString { coprod_load_source(state, $0, strlen($0), "=coprod") }
    guard status == LUA_OK else { throw failure(kind: .load, status: status) }
    let stack = LuaStack(state)
    pushFunction(on: stack) { [unowned self] stack throws(LuaCallError) in self.findModule(stack) }
    pushFunction(on: stack) { [unowned self] stack throws(LuaCallError) in
      self.log(level: stack.string(at: 1) ?? "info", stack.string(at: 2) ?? "")
      return 0
    }
    lua_createtable(state, 0, 16)
    LuaAPI.install(into: self)
    lua_pushvalue(state, -1)
    apiTable = luaL_ref(state, clua_registryindex())
    let bootstrapStatus = coprod_pcall(state, 3, 0)
    guard bootstrapStatus == LUA_OK else { throw failure(kind: .load, status: bootstrapStatus) }
  }

  /// Pushes the `coprod` API table's backing table (not the read-only proxy).
  func pushAPITable() { lua_rawgeti(state, clua_registryindex(), lua_Integer(apiTable)) }

  // MARK: require

  /// `find_module(name)` → the loaded chunk, or nil and a message.
  private func findModule(_ stack: LuaStack) -> Int32 {
    guard let name = stack.string(at: 1) else {
      stack.pushNil()
      stack.push("require expects a module name (a string)")
      return 2
    }
    var base = root
    var moduleName = Substring(name)
    if let slash = name.firstIndex(of: "/") {
      let dependency = String(name[..<slash])
      // A plugin may name its own modules by its id too, as the plugins that depend on it do.
      guard let folder = dependency == pluginID ? root : dependencyRoots[dependency] else {
        stack.pushNil()
        stack.push("module '\(name)' not found: '\(dependency)' is not a declared dependency of this plugin")
        return 2
      }
      base = folder
      moduleName = name[name.index(after: slash)...]
    }
    let valid = !moduleName.isEmpty && moduleName.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
      !part.isEmpty && part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }
    guard valid else {
      stack.pushNil()
      stack.push("module '\(name)' not found: module names are dotted words, like 'lib.util' for lib/util.lua")
      return 2
    }
    let relative = moduleName.replacingOccurrences(of: ".", with: "/") + ".lua"
    let source: Data
    do {
      source = try readModule(relative, base: base)
    } catch {
      stack.pushNil()
      stack.push("module '\(name)' not found: \(error.problem)")
      return 2
    }
    let chunkName = base == root ? relative : "\(name.prefix { $0 != "/" })/\(relative)"
    // The chunk goes onto the calling thread's stack: `require` may run inside a coroutine.
    let status = source.withUnsafeBytes { bytes in
      coprod_load_source(stack.state, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count, "=" + chunkName)
    }
    if status != LUA_OK {
      stack.pushNil()
      stack.insert(at: -2)  // nil, then the message
      return 2
    }
    return 1
  }

  /// Reads a Lua source file that must lie inside `base` (after resolving symbolic links).
  private func readModule(_ relative: String, base: URL) throws(LuaReadError) -> Data {
    let baseReal = base.resolvingSymlinksInPath().standardizedFileURL.path
    let file = base.appendingPathComponent(relative).resolvingSymlinksInPath().standardizedFileURL
    guard file.path.hasPrefix(baseReal + "/") else {
      throw LuaReadError(problem: "\(relative) is outside the plugin folder")
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
      throw LuaReadError(problem: "no file \(relative) in the plugin folder")
    }
    guard let data = try? Data(contentsOf: file) else {
      throw LuaReadError(problem: "\(relative) cannot be read")
    }
    guard data.count <= 8 << 20 else { throw LuaReadError(problem: "\(relative) is larger than 8 MiB") }
    return data
  }

  // MARK: Formatting

  static func format(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
  }

  static func formatBytes(_ bytes: Int) -> String {
    if bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
    if bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
    return "\(bytes) bytes"
  }

  // MARK: Dispatch

  private static let dispatchInstalled: Bool = {
    coprod_set_dispatch { state, handler in
      guard let state, let handler else { return -1 }
      let function = Unmanaged<HostFunction>.fromOpaque(handler).takeUnretainedValue()
      let stack = LuaStack(state)
      do throws(LuaCallError) {
        return try function.body(stack)
      } catch {
        stack.push(error.message)
        return -1
      }
    }
    return true
  }()
}

// MARK: - Host functions

/// A Swift function callable from Lua.
final class HostFunction {
  let body: (LuaStack) throws(LuaCallError) -> Int32
  init(_ body: @escaping (LuaStack) throws(LuaCallError) -> Int32) { self.body = body }
}

/// A read-only object exposed to Lua (see ``LuaSandbox/pushObject(_:on:)``).
struct HostObject {
  /// The name used in messages, e.g. `election`.
  var name: String
  /// Fields: each pushes exactly one value when read.
  var fields: [String: (LuaStack) throws(LuaCallError) -> Void] = [:]
  /// Methods: called with the object at stack index 1 and arguments after it.
  var methods: [String: (LuaStack) throws(LuaCallError) -> Int32] = [:]
}

/// An error raised by a host function: becomes a Lua error at the caller's line.
public struct LuaCallError: Error, Sendable {
  /// The message (the location is added by the trampoline).
  public var message: String
  /// Creates an error with `message`.
  public init(_ message: String) { self.message = message }
}
