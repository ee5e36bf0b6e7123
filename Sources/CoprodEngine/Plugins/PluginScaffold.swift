// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import CoprodPlugins
import Foundation

/// `coprod plugins new`: writes a new plugin that passes `coprod plugins check` and does
/// something real — a rule that counts real ballot files, a format with stages, a report
/// that renders a tally.
public enum PluginScaffold {
  /// Writes the plugin `name` of `kind` into `parent/name`, with a test in tests/, and
  /// returns its folder.
  ///
  /// - Parameter workspaceReport: for a report, one that reads a workspace instead of a count.
  /// - Throws: ``ScaffoldError`` if the name is not a short name or the folder exists, or
  ///   `workspaceReport` is asked for another kind.
  public static func create(name: String, kind: PluginKind, in parent: URL, id: String?, workspaceReport: Bool = false) throws -> URL {
    guard !workspaceReport || kind == .report else {
      throw ScaffoldError("--input workspace is for reports; leave it out for a \(kind.rawValue)")
    }
    guard let first = name.first, first.isLetter, name.count <= 64,
      name.allSatisfy({ ($0.isLowercase || $0.isNumber || $0 == "-") && $0.isASCII })
    else {
      throw ScaffoldError("'\(name)' is not a plugin name; use lower-case letters, digits and hyphens, starting with a letter (e.g. my-rule)")
    }
    let pluginID = id ?? "org.example.\(name)"
    guard ManifestParser.isPluginID(pluginID) else {
      throw ScaffoldError("--id '\(pluginID)' is not a reverse-DNS id; use lower-case words separated by dots, e.g. uk.gov.example.\(name)")
    }
    let folder = parent.appendingPathComponent(name)
    guard !FileManager.default.fileExists(atPath: folder.path) else {
      throw ScaffoldError("\(folder.path) already exists; choose another name or --dir")
    }
    let (entry, source, settings) = workspaceReport ? workspaceReportTemplate(name: name) : template(kind: kind, name: name)
    let manifest = """
      id: \(pluginID)
      name: "\(title(name))"
      version: 0.1.0
      description: "\(description(kind, name: name, workspaceReport: workspaceReport))"
      authors: [Your organisation]
      license: Apache-2.0
      api_version: \(LuaAPI.version)
      provides:
        - kind: \(kind.rawValue)
          name: \(name)
          entry: \(entry)
      permissions: []
      \(settings)
      """
    let staging = parent.appendingPathComponent(".\(name).new-\(UUID().uuidString)")
    do {
      try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
      try manifest.write(to: staging.appendingPathComponent(PluginManifest.fileName), atomically: true, encoding: .utf8)
      try source.write(to: staging.appendingPathComponent(entry), atomically: true, encoding: .utf8)
      for (path, text) in PluginScaffoldTests.files(kind: kind, name: name, title: title(name), workspaceReport: workspaceReport) {
        let file = staging.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
      }
      try FileManager.default.moveItem(at: staging, to: folder)
    } catch {
      try? FileManager.default.removeItem(at: staging)
      throw ScaffoldError("cannot write \(folder.path): \(error.localizedDescription)")
    }
    return folder
  }

  static func title(_ name: String) -> String {
    name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
  }

  static func description(_ kind: PluginKind, name: String, workspaceReport: Bool) -> String {
    switch kind {
    case .votingRule:
      "A template for \(title(name)): until rule.lua is changed it counts first preferences only (plurality), one winner per seat."
    case .report where workspaceReport:
      "An account of a consultation for the people who took part: who took part, what was decided, what was promised and done."
    case .sessionFormat: "A story circle: people share stories in small circles, then draw out themes and priorities."
    case .report: "A plain-words account of a count, for residents: who won and why, round by round."
    case .library: "Helpers shared by other plugins, which declare it as a dependency and require its modules."
    }
  }

  static func template(kind: PluginKind, name: String) -> (entry: String, source: String, settings: String) {
    switch kind {
    case .library:
      return ("\(name.replacingOccurrences(of: "-", with: "_")).lua", """
        -- \(title(name)): helpers for other plugins.
        -- A plugin uses it by declaring it under `dependencies:` in its plugin.yaml and
        -- writing `local helpers = require "<this plugin's id>/\(name.replacingOccurrences(of: "-", with: "_"))"`.

        local helpers = {}

        --- The sum of a list of counts, exactly (coprod.exact never wraps).
        function helpers.total(list)
          return coprod.exact.sum(list)
        end

        return helpers

        """, "")
    case .votingRule:
      return ("rule.lua", """
        -- \(title(name)): a voting rule made by `coprod plugins new \(name)`.
        --
        -- TEMPLATE: this does not count \(title(name)) yet. For now it counts first preferences
        -- (plurality): each ballot gives one vote to its first choice (shared equally when
        -- several share first place) and the candidates with most votes win, one per seat.
        -- Replace the body of count() with \(title(name))'s own counting, say what it does in
        -- plugin.yaml's description, and change tests/rule_test.lua to check it:
        --   coprod plugins test ./\(name)
        -- The API: docs/lua-api.md. A walk-through: docs/plugin-guide.md.
        return coprod.voting_rule {
          name = "\(title(name))",
          ballot = "ranked",
          count = function(election, count)
            local candidates = election.candidates
            local n = #candidates
            local votes = {}
            for _, id in ipairs(candidates) do votes[id] = 0 end
            for _, ballot in ipairs(election:ballots()) do
              local first = ballot.ranking[1]
              if first ~= nil then
                local share = #first == 1 and ballot.count or ballot.count / #first
                for _, id in ipairs(first) do votes[id] = votes[id] + share end
              end
            end
            count:round { tally = votes, note = "First preferences: one vote for each ballot's first choice." }
            for _ = 1, math.min(election.seats, n) do
              local best, top = {}, nil
              for _, id in ipairs(candidates) do
                local v = votes[id]
                if v ~= nil then
                  if top == nil or v > top then best, top = { id }, v
                  elseif v == top then best[#best + 1] = id end
                end
              end
              local winner = count:break_tie(best, "for the most first preferences")
              count:elect(winner, "most first preferences (" .. string.format("%g", top) .. ")")
              votes[winner] = nil
            end
          end,
        }

        """, "settings: {}")
    case .sessionFormat:
      return ("format.lua", """
        -- \(title(name)): a story circle (see docs/plugin-guide.md and docs/formats/).
        -- Rehearse it: coprod run PATH/TO/\(name) --dry-run
        -- Record a day: coprod run PATH/TO/\(name) --inputs day1.yaml
        return coprod.session_format {
          name = "\(title(name))",
          roles = { "facilitator", "note-taker" },
          stages = {
            { id = "welcome", title = "Welcome and agreements", minutes = 10,
              prompt = "No interruptions. You may pass. What is shared stays here unless you agree." },
            { id = "stories", title = "Stories", minutes = 45, capture = "story",
              groups = coprod.groups.tables { size = 8, mix = "perspective" },
              turns = coprod.turns.round_robin { minutes_each = 3, allow_pass = true },
              prompt = "Tell us about a time when {{topic}} made a difference to you." },
            { id = "themes", title = "Themes", minutes = 15, capture = "idea", from = "stories",
              prompt = "What do these stories have in common? Name each theme in a few words." },
            -- A stage function: skip the vote when there are fewer than two themes.
            { id = "priorities", title = "Priorities", minutes = 10,
              when = function(session) return #session:contributions("themes") >= 2 end,
              vote = { rule = "dot-voting", options = "themes", dots = 3 } },
            { id = "next-steps", title = "Next steps", minutes = 10, capture = "commitment",
              prompt = "Who will do what, by when? How will we tell everyone what happened?" },
          },
        }

        """, "settings: {}")
    case .report:
      return ("report.lua", """
        -- \(title(name)): explains a count to residents.
        -- Run it on a tally: coprod tally FILE --rule irv --format json > result.json
        --                    coprod report PATH/TO/\(name) --data result.json
        local function label(data, id)
          for _, c in ipairs(data.input.candidates or {}) do
            if c.id == id and c.name ~= id then return c.name .. " (" .. id .. ")" end
          end
          return id
        end

        return coprod.report {
          name = "\(title(name))",
          input = "tally",
          render = function(data, doc)
            doc:heading(1, "How the decision was made")
            doc:paragraph(data.input.ballots .. " ballots were counted with " .. data.rule.name .. ".")
            local winners = {}
            for i, id in ipairs(data.winners) do winners[i] = label(data, id) end
            doc:paragraph(#winners == 0 and "No option was chosen." or ("Chosen: " .. table.concat(winners, ", ") .. "."))
            for _, round in ipairs(data.rounds) do
              doc:heading(2, "Round " .. round.number)
              local rows = {}
              for id, value in coprod.sorted_pairs(round.tally or {}) do rows[#rows + 1] = { label(data, id), value } end
              if #rows > 0 then doc:table { columns = { "Option", "Votes" }, rows = rows } end
              local notes = {}
              for i, note in ipairs(round.notes or {}) do
                notes[i] = note.candidate and (label(data, note.candidate) .. " " .. note.action .. ": " .. note.text) or note.text
              end
              doc:list(notes)
            end
          end,
        }

        """, "settings: {}")
    }
  }
}

extension PluginScaffold {
  static func workspaceReportTemplate(name: String) -> (entry: String, source: String, settings: String) {
    ("report.lua", """
      -- \(title(name)): an account of a consultation for the people who took part.
      -- Run it in a workspace:   coprod report PATH/TO/\(name)
      -- See what it receives:    coprod report PATH/TO/\(name) --dump-input
      -- The data is pseudonymous and consent-filtered: see docs/plugin-guide.md.
      local function count_kind(contributions, kind)
        local n = 0
        for _, c in ipairs(contributions) do
          if c.kind == kind then n = n + 1 end
        end
        return n
      end

      return coprod.report {
        name = "\(title(name))",
        input = "workspace",
        render = function(data, doc)
          local consultation = data.consultation or {}
          doc:heading(1, consultation.question or consultation.name or "What happened")
          doc:paragraph(data.people .. " people took part. They shared "
            .. count_kind(data.contributions, "story") .. " stories and "
            .. count_kind(data.contributions, "idea") .. " ideas.")
          doc:heading(2, "What was decided")
          local decided = {}
          for _, d in ipairs(data.decisions) do
            local names = {}
            for i, w in ipairs(d.winners) do names[i] = w.name end
            decided[#decided + 1] = d.id .. ": " .. (#names > 0 and table.concat(names, ", ") or "nothing chosen")
              .. " (" .. d.outcome .. ")"
          end
          doc:list(#decided > 0 and decided or { "Nothing has been decided yet." })
          doc:heading(2, "What was promised")
          local promised = {}
          for _, c in ipairs(data.commitments) do
            promised[#promised + 1] = c.text .. ": " .. c.status .. (c.overdue and " (overdue)" or "")
          end
          doc:list(#promised > 0 and promised or { "Nothing has been promised yet." })
        end,
      }

      """, "settings: {}")
  }
}

/// The test each scaffold starts with (run by `coprod plugins test`).
enum PluginScaffoldTests {
  /// Files to write into the new plugin folder, by path.
  static func files(kind: PluginKind, name: String, title: String, workspaceReport: Bool) -> [(String, String)] {
    switch kind {
    case .library:
      let module = name.replacingOccurrences(of: "-", with: "_")
      return [
        ("tests/\(module)_test.lua", """
          -- Tests for \(title): run them with   coprod plugins test ./\(name)
          -- A library's own tests require its modules by their file names. The test API:
          -- docs/lua-api.md § Plugin tests.

          local helpers = require "\(module)"

          test("total adds a list of counts", function()
            expect.eq(helpers.total({ 4, 3, 2 }), 9)
          end)

          test("total is exact past 64 bits", function()
            expect.eq(helpers.total({ math.maxinteger, 1 }), "9223372036854775808")
          end)

          """)
      ]
    case .votingRule:
      return [
        ("tests/rule_test.lua", """
          -- Tests for \(title): run them with   coprod plugins test ./\(name)
          -- Each test counts a small ballot file from tests/fixtures with this rule and checks
          -- the outcome. They check the template's count (first preferences): change them as
          -- you write \(title). The test API: docs/lua-api.md § Plugin tests.

          test("the candidate with most first preferences wins", function()
            local result = fixtures.count("fixtures/small.csv")
            expect.eq(result.winners, { "Garden" })
          end)

          test("two seats go to the two with most first preferences", function()
            local result = fixtures.count("fixtures/small.csv", { seats = 2 })
            expect.eq(result.winners, { "Garden", "Library" })
          end)

          test("a tie for first place is broken by lot, and recorded", function()
            local result = fixtures.count("fixtures/tie.csv")
            expect.eq(#result.winners, 1)
            expect.eq(#result.tie_breaks, 1)
          end)

          """),
        ("tests/fixtures/small.csv", "# candidates: Garden,Library,Pool\nballot,count\nGarden>Library>Pool,4\nLibrary>Garden,3\nPool>Library,2\n"),
        ("tests/fixtures/tie.csv", "# candidates: Garden,Library\nballot,count\nGarden>Library,2\nLibrary>Garden,2\n"),
      ]
    case .report where workspaceReport:
      return [("tests/report_test.lua", """
        -- Tests for \(title): run them with   coprod plugins test ./\(name)
        -- fixtures.workspace() is a small synthetic workspace; fixtures.render(data) renders
        -- this report on it. The test API: docs/lua-api.md § Plugin tests.

        test("counts the people who took part", function()
          local text = fixtures.render(fixtures.workspace())
          expect.truthy(text:find("6 people took part", 1, true), "the participation line")
        end)

        test("says when nothing has been decided", function()
          local data = fixtures.workspace()
          data.decisions = {}
          expect.truthy(fixtures.render(data):find("Nothing has been decided yet.", 1, true))
        end)

        """)]
    case .report:
      return [("tests/report_test.lua", """
        -- Tests for \(title): run them with   coprod plugins test ./\(name)
        -- fixtures.tally() is a small finished count; fixtures.render(data) renders this
        -- report on it. The test API: docs/lua-api.md § Plugin tests.

        test("names the winner in plain words", function()
          local text = fixtures.render(fixtures.tally())
          expect.truthy(text:find("Chosen: Community garden (B).", 1, true), "the winner's line")
        end)

        test("says so when nothing was chosen", function()
          local data = fixtures.tally()
          data.winners = {}
          expect.truthy(fixtures.render(data):find("No option was chosen.", 1, true))
        end)

        """)]
    case .sessionFormat:
      return [("tests/format_test.lua", """
        -- Tests for \(title): run them with   coprod plugins test ./\(name)
        -- fixtures.rehearse() runs this format on a synthetic room, as coprod run --dry-run
        -- does. The test API: docs/lua-api.md § Plugin tests.

        test("a rehearsal runs every stage in order", function()
          local session = fixtures.rehearse { people = 12 }
          expect.truthy(#session.stages >= 1, "at least one stage")
          for _, stage in ipairs(session.stages) do
            expect.truthy(stage.status == "ended" or stage.status == "skipped", stage.stage)
          end
        end)

        """)]
    }
  }
}

/// `plugins new` cannot write the plugin.
public struct ScaffoldError: ReportableError, Equatable {
  /// What is wrong and what to do.
  public var description: String
  init(_ description: String) { self.description = description }
}
