// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import CoprodPlugins
import Foundation

/// `coprod plugins new`: writes a new plugin that passes `coprod plugins check` and does
/// something real — a rule that counts real ballot files, a format with stages, a report
/// that renders a tally.
public enum PluginScaffold {
  /// Writes the plugin `name` of `kind` into `parent/name` and returns its folder.
  ///
  /// - Throws: ``ScaffoldError`` if the name is not a short name or the folder exists.
  public static func create(name: String, kind: PluginKind, in parent: URL, id: String?) throws -> URL {
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
    let (entry, source, settings) = template(kind: kind, name: name)
    let manifest = """
      id: \(pluginID)
      name: "\(title(name))"
      version: 0.1.0
      description: "\(description(kind))"
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

  static func description(_ kind: PluginKind) -> String {
    switch kind {
    case .votingRule: "A Borda count: each ballot gives n-1 points to its first choice, n-2 to its second, and so on."
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
        -- \(title(name)): a Borda count.
        -- Each ballot gives (n - 1) points to its first choice, (n - 2) to the next, and so on,
        -- where n is the number of candidates; unranked candidates get nothing. Candidates
        -- sharing a rank share the points of the places they cover. Highest total wins.
        return coprod.voting_rule {
          name = "\(title(name))",
          ballot = "ranked",
          count = function(election, count)
            local candidates = election.candidates
            local n = #candidates
            local points = {}
            for _, id in ipairs(candidates) do points[id] = 0 end
            for _, ballot in ipairs(election:ballots()) do
              local place = 0
              for _, group in ipairs(ballot.ranking) do
                -- a group of k tied candidates covers places place+1 .. place+k
                local share = 0
                for k = 1, #group do share = share + (n - place - k) end
                for _, id in ipairs(group) do
                  points[id] = points[id] + share * ballot.count / #group
                end
                place = place + #group
              end
            end
            count:round { tally = points, note = "Borda points: " .. (n - 1) .. " for a first choice, 1 less for each place after it." }
            local best, top = {}, nil
            for _, id in ipairs(candidates) do
              if top == nil or points[id] > top then best, top = { id }, points[id]
              elseif points[id] == top then best[#best + 1] = id end
            end
            local seats = math.min(election.seats, n)
            local elected = 0
            while elected < seats do
              local winner = count:break_tie(best, "for the most Borda points")
              count:elect(winner, "most Borda points (" .. string.format("%g", points[winner]) .. ")")
              elected = elected + 1
              points[winner] = nil
              best, top = {}, nil
              for _, id in ipairs(candidates) do
                local p = points[id]
                if p ~= nil then
                  if top == nil or p > top then best, top = { id }, p
                  elseif p == top then best[#best + 1] = id end
                end
              end
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

/// `plugins new` cannot write the plugin.
public struct ScaffoldError: ReportableError, Equatable {
  /// What is wrong and what to do.
  public var description: String
  init(_ description: String) { self.description = description }
}
