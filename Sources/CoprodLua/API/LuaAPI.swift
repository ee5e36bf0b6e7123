// coprod — co-production toolkit. Apache-2.0.

import CLua
import Foundation
import CoprodModel

// MARK: - Reference entries

/// One documented field, function or method of the Lua API.
public struct LuaAPIEntry: Sendable, Equatable {
  /// How it is written, e.g. `coprod.sorted_pairs(t)`.
  public var signature: String
  /// What it returns, if anything.
  public var returns: String
  /// What it does.
  public var summary: String
  /// The API version that introduced it.
  public var since: Int

  init(_ signature: String, _ returns: String, _ summary: String, since: Int = 1) {
    self.signature = signature
    self.returns = returns
    self.summary = summary
    self.since = since
  }
}

/// The `coprod` Lua API: what plugins call, and the one source of docs/lua-api.md.
public enum LuaAPI {
  /// The API version this host implements (`api_version` in plugin manifests).
  public static let version = 1
  /// The oldest `api_version` this host still runs.
  public static let oldestSupported = 1

  /// The `coprod` table's functions.
  static let reference: [LuaAPIEntry] = [
    .init("coprod.voting_rule { name, ballot, count, description? }", "definition", "Defines a voting rule. `ballot` is \"ranked\", \"approval\", \"score\", \"cumulative\" or a list of them; `count(election, count)` records the count through `count`. The entry file returns this value."),
    .init("coprod.session_format { name, stages, roles?, description? }", "definition", "Defines a session format. Each stage: `id` (lower-case, unique), optional `title`, `minutes`, `prompt`, `capture` (story, idea, comment, objection, commitment), `from` (an earlier stage), `groups`, `turns`, `vote = { rule, options?, dots? }`."),
    .init("coprod.report { name, input, render, formats?, description? }", "definition", "Defines a report. `input` is \"tally\" (a count's JSON, as printed by `coprod tally --format json`) or \"workspace\" (a consent-filtered, pseudonymous view of a workspace: see docs/plugin-guide.md). `render(data, doc)` writes the document through `doc`; `data` is a copy of the input."),
    .init("coprod.sorted_pairs(t)", "iterator", "Iterates `t` in sorted key order (numbers ascending, then strings) — use it wherever `pairs` order could reach output."),
    .init("coprod.inspect(value)", "string", "Readable, deterministic text for any value: tables with sorted keys and nesting shown (`{ a = 1, list = { \"x\", \"y\" } }`), long ones over several lines, cycles as `<cycle>`. `print` and `warn` show tables this way."),
    .init("coprod.groups.solo{} / pairs{} / tables{ size, mix } / plenary{}", "table", "Grouping for a session stage, e.g. `coprod.groups.tables { size = 8, mix = \"perspective\" }`."),
    .init("coprod.turns.round_robin{ minutes_each, allow_pass } / open{}", "table", "Turn-taking for a session stage."),
    .init("coprod.api_version", "integer", "The API version the host implements."),
  ]

  /// The optional fields a session format's stages may add to the basic ones (`id`, `title`,
  /// `minutes`, `prompt`, `capture`, `from`, `groups`, `turns`, `vote`).
  static let stageReference: [LuaAPIEntry] = [
    .init("stage.when(session)", "boolean", "Runs the stage only when it returns true; otherwise the stage is recorded as skipped (with the reason \"when(session) returned false\")."),
    .init("stage.options(session)", "{ { id, name, cost?, from? }, … }", "Builds the options of the stage's vote, e.g. the ideas with most support from an earlier stage, or projects with their costs for a participatory budget. `from` lists the contributions each option grew from (provenance); an option made from one contribution takes its words from it. Instead of `vote.options`."),
    .init("stage.repeat_until(session)", "boolean", "Asked after each run of the stage; the stage runs again (iteration 2, 3, …) until it returns true or `max_rounds` runs have happened (e.g. Delphi rounds until agreement passes a threshold)."),
    .init("stage.max_rounds", "integer", "How many times the stage may run (default 1, or 10 with `repeat_until`; at most 100). Without `repeat_until` the stage runs exactly this many times (e.g. World Café rounds)."),
    .init("stage.groups = function(session)", "{ { id, … }, … }", "Groups made by the format itself (e.g. from `session:tables` or `session:select_panel`); the host checks that they name people present and records them."),
    .init("coprod.groups.tables { size, mix?, rounds?, stay? }", "table", "Tables of about `size`, mixed by `mix` (\"perspective\", a person's first perspective, or \"language\"); `rounds` plans several rounds at once; `stay = true` keeps each table's host (first person) in place when a stage repeats. The host seats people at the stage's start, records the plan with its scores, and gives each table a speaking order when the stage has `turns`."),
    .init("stage.vote.ballot", "string", "The ballot people fill in: \"ranked\", \"approval\", \"score\" or \"cumulative\" (default: the first kind the rule counts)."),
    .init("stage.vote.seats", "integer", "How many options win (default 1)."),
    .init("stage.vote.budget", "integer", "The budget of a participatory-budgeting vote, in whole money units; options then need a `cost`."),
    .init("stage.vote.budget = function(session)", "integer", "Works the budget out when the vote starts instead of fixing it, e.g. `budget = function(session) return session.settings.budget end` so each council sets its own pot in the inputs file."),
    .init("stage.people", "string", "The id of an earlier stage with `groups`: only the people seated in its groups (its latest round) take part in this stage — they are the stage's speakers, voters and tables, and an entry by anyone else is refused. E.g. `people = \"selection\"` after a citizens' jury draws its panel."),
    .init("stage.vote.settings", "table | function(session)", "The rule's settings (as `--option key=value` gives them to `coprod tally`), or a function returning them; `vote.dots` sets `dots`."),
  ]

  /// Installs the API functions into the table on top of the sandbox's stack.
  static func install(into sandbox: LuaSandbox) {
    let stack = LuaStack(sandbox.state)
    for kind in PluginKind.allCases where kind != .library {
      sandbox.pushFunction(on: stack) { stack throws(LuaCallError) in
        guard stack.type(at: 1) == LUA_TTABLE else {
          throw LuaCallError("\(kind.constructor) expects a table, e.g. \(kind.constructor) { name = \"…\", … }; got \(stack.typeName(at: 1))")
        }
        let table: LuaTable
        do throws(LuaReadError) {
          guard let read = try stack.value(at: 1, keepFunctions: true).tableValue else { throw LuaReadError(problem: "not a table") }
          table = read
        } catch {
          throw LuaCallError("\(kind.constructor): \(error.problem)")
        }
        do throws(DefinitionError) {
          _ = try DefinitionValidator.validate(table, as: kind)
        } catch {
          throw LuaCallError(error.description)
        }
        // Raw: the plugin's table may have a __newindex of its own.
        stack.push(kind.rawValue)
        stack.setField(DefinitionValidator.kindField, inTableAt: 1)
        stack.setTop(1)
        return 1
      }
      stack.setField(String(kind.constructor.dropFirst("coprod.".count)))
    }
    stack.push(version)
    stack.setField("api_version")
    stack.pushTable(fields: ExactLibrary.reference.count)
    ExactLibrary.install(into: sandbox, on: stack)
    stack.setField("exact")
  }

  /// docs/lua-api.md, generated from the entries above and those of the host objects.
  public static func markdown() -> String {
    func section(_ title: String, _ intro: String, _ entries: [LuaAPIEntry]) -> String {
      var lines = ["## \(title)", "", intro, "", "| API | returns | since | what it does |", "| --- | --- | --- | --- |"]
      for entry in entries {
        let returns = entry.returns.isEmpty ? "—" : "`\(entry.returns.replacingOccurrences(of: "|", with: "\\|"))`"
        lines.append("| `\(entry.signature.replacingOccurrences(of: "|", with: "\\|"))` | \(returns) | \(entry.since) | \(entry.summary.replacingOccurrences(of: "|", with: "\\|")) |")
      }
      return lines.joined(separator: "\n")
    }
    let header = """
      # Lua API reference (api_version \(version))

      <!-- Generated by `coprod plugins api` from Sources/CoprodLua/API; do not edit by hand. -->

      Plugins are Lua 5.4 files run in a sandbox. A plugin's entry file (named in
      `plugin.yaml`) returns one definition made with `coprod.voting_rule`,
      `coprod.session_format` or `coprod.report`. This page lists every function, field and
      method of API version \(version).

      ## The version contract

      - A plugin declares the `api_version` it was written for. This host runs plugins that
        declare \(oldestSupported) to \(version) and refuses others with a clear message.
      - Within one API version, coprod only **adds**: new functions, new optional fields of
        definition tables, new fields of host objects. It never removes or renames anything,
        never changes a documented signature or meaning, never makes an optional field
        required and never changes how ballots, tallies or ties are counted.
      - Anything else (removal, renaming, a changed meaning) needs a new API version; the
        host then keeps running the older version for at least one release.
      - The "since" column says which API version introduced each entry.

      ## The sandbox

      Available: `assert error ipairs next pairs select tonumber tostring type rawequal rawlen
      rawget rawset setmetatable getmetatable pcall xpcall load print warn require`,
      `string` (without `dump`), `table`, `math` (`math.random` is seeded by the host, which
      records the seed; no `randomseed`), `utf8`, `coroutine`, and `os.time`, `os.date`,
      `os.clock`, `os.difftime`. Not available: `io`, `debug`, `package`, `dofile`,
      `loadfile`, `string.dump`, `collectgarbage` other than `"count"`, binary chunks, `__gc`
      metamethods.

      - `print` and `warn` write to coprod's log (standard error), never to a command's output;
        they show tables with `coprod.inspect`.
      - Reading something the sandbox leaves out (`io`, `os.execute`, …) is an error that
        says it is not available in the sandbox.
      - `require "lib.util"` loads `lib/util.lua` from the plugin's own folder;
        `require "org.example.helpers/util"` loads `util.lua` from a dependency declared in
        `plugin.yaml`. Only Lua source files load; C modules never do.
      - `load` accepts source text only; its default environment is the plugin's globals.
      - Every run has a memory cap, an instruction budget and a wall-clock deadline. When one
        is reached the run stops: `pcall`, `xpcall` and coroutines cannot catch it. The limits
        hold inside library functions too (patterns, `string.rep`, `table.sort`, `load`, …).
      - The host reads what a plugin hands it without metamethods (raw), and tables passed
        either way may nest at most 200 levels.
      - Strings' metatable is locked; host objects (`election`, `count`, `doc`, `session`) are read-only
        userdata with locked metatables: reading an unknown field is an error.
      """
    return [
      header,
      section("The `coprod` table", "Read-only; available to every plugin.", reference),
      section("`coprod.exact` (exact integers)", "Lua's integers are 64-bit and wrap silently on overflow, so counts, points and costs are summed with these. An *exact integer* is a Lua integer when it fits in 64 bits, otherwise a string of its decimal digits; every function takes either form and returns a Lua integer whenever the result fits. The host's counting helpers return exact integers too. The bundled library plugin `org.coprod.counting` builds on these (fast paths for small numbers, rationals, ordering by totals): declare it as a dependency and `require \"org.coprod.counting/int\"`.", ExactLibrary.reference),
      section("`election` (voting rules)", "The first argument of a rule's `count`: a read-only view of the ballots. Candidate ids are the input's own (PrefLib alternative numbers as strings, Pabulib project ids, CSV names).", ElectionObject.reference),
      section("`count` (voting rules)", "The second argument of a rule's `count`: every decision goes through it, so the host can explain the count round by round and no tie is broken silently.", CountObject.reference),
      section("`doc` (reports)", "The second argument of a report's `render`: builds a Markdown document.", DocumentObject.reference),
      section("Session format stages", "Optional fields a stage of `coprod.session_format` may have besides `id`, `title`, `minutes`, `prompt`, `capture`, `from`, `groups`, `turns` and `vote = { rule, options?, dots? }`. Stage functions receive the read-only `session` object; what they return is checked by the host, and an error names the plugin, file and stage.", stageReference),
      section("Plugin tests (tests/*.lua)", "Defined only while `coprod plugins test` runs a plugin's test files, each in a fresh sandbox of the plugin with the same limits and the rest of this API. See docs/plugin-guide.md § Testing a plugin.", PluginTestHarness.reference),
      section("`session` (session formats)", "The argument of a stage's functions: a read-only, pseudonymous view of the session so far, and host services for the hard parts. A person's perspectives never reach a format unless it asks for the `attendee-perspectives` permission and the user grants it; the host's services use them without showing them.", SessionObject.reference),
    ].joined(separator: "\n\n") + "\n"
  }
}
