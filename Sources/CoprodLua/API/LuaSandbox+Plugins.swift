// coprod — co-production toolkit. Apache-2.0.

import CLua
import CoprodDocument
import CLuaShims
import CoprodModel
import Foundation

// MARK: - Running plugin definitions

extension LuaSandbox {
  /// Runs an entry file and validates what it returns as a definition of `kind`.
  ///
  /// - Throws: ``PluginRunError`` for load and run errors, and `invalidResult` naming the
  ///   entry file and the field when the definition is malformed or of another kind.
  public func loadDefinition(entry: String, kind: PluginKind) throws(PluginRunError) -> PluginDefinition {
    let value = try run(file: entry)
    func invalid(_ message: String) -> PluginRunError {
      PluginRunError(kind: .invalidResult, pluginID: pluginID, location: entry, message: message)
    }
    guard let table = value.tableValue else {
      throw invalid("must return \(kind.constructor) { … }; it returned \(value.typeName)")
    }
    guard let declared = table[DefinitionValidator.kindField].stringValue else {
      throw invalid("must return \(kind.constructor) { … }; it returned a plain table")
    }
    guard declared == kind.rawValue else {
      throw invalid("returns a \(declared), but plugin.yaml declares this entry as a \(kind.rawValue)")
    }
    do {
      return try DefinitionValidator.validate(table, as: kind)
    } catch {
      throw invalid(error.description)
    }
  }

  /// How much text a run may hand to the host: as much as its memory limit.
  private var outputLimit: Int { limits.memoryBytes }

  /// Runs a voting rule's `count(election, count)`.
  ///
  /// - Returns: the record of rounds, winners and tie-breaks.
  public func count(_ rule: VotingRuleDefinition, input: ElectionInput, tieBreak: TieBreakMethod) throws(PluginRunError) -> TallyRecord {
    let withdrawn = Set(input.profile.withdrawn)
    let ids = input.profile.candidates.enumerated().filter { !withdrawn.contains($0.offset) }.map(\.element.id)
    let recorder = CountRecorder(candidates: ids, method: tieBreak, seed: seed, outputLimit: outputLimit)
    let election = ElectionObject.make(input)
    let countObject = CountObject.make(recorder)
    _ = try call(rule.count) { stack in
      pushObject(election, on: stack)
      pushObject(countObject, on: stack)
      return 2
    }
    return recorder.record
  }

  /// What a rule's `count` would see as `election`, copied into plain tables: `kind`,
  /// `candidates`, `names` and `costs` by id, `seats`, `budget`, `money_decimals`, `voters`,
  /// `settings`, `metadata` and `ballots` (as `election:ballots()` gives them). For
  /// `coprod tally --dump-input`.
  public func electionView(_ input: ElectionInput) throws(PluginRunError) -> LuaValue {
    let source = """
      return function(election)
        local names, costs = {}, {}
        for _, id in ipairs(election.candidates) do
          names[id] = election:name(id)
          costs[id] = election:cost(id)
        end
        return {
          kind = election.kind, candidates = election.candidates, names = names, costs = costs,
          seats = election.seats, budget = election.budget, money_decimals = election.money_decimals,
          voters = election.voters, settings = election.settings, metadata = election.metadata,
          ballots = election:ballots(),
        }
      end
      """
    let status = source.withCString { coprod_load_source(state, $0, strlen($0), "=coprod-dump") }
    guard status == LUA_OK, case .function(let view) = try protectedCall(arguments: 0, location: nil) else {
      throw PluginRunError(kind: .load, pluginID: pluginID, location: nil, message: "the election view did not load")
    }
    let election = ElectionObject.make(input)
    return try call(view) { stack in
      pushObject(election, on: stack)
      return 1
    }
  }

  /// Runs a report's `render(data, doc)` and returns the Markdown it built.
  public func render(_ report: ReportDefinition, data: LuaValue) throws(PluginRunError) -> String {
    MarkdownRenderer.render(try render(report, data: data, privacy: nil).document)
  }

  /// Runs a report's `render(data, doc)` with its tables and charts checked against `privacy`
  /// (see ``DocumentPrivacy``).
  ///
  /// - Returns: the document, and how many small counts the host suppressed.
  public func render(
    _ report: ReportDefinition, data: LuaValue, privacy: DocumentPrivacy?
  ) throws(PluginRunError) -> RenderedDocument {
    try render(report, data: data, privacy: privacy, localizer: Localizer(language: "en", languages: ["en"], translations: Translations(), pluginID: pluginID))
  }

  /// Runs a report's `render(data, doc)` in the language of `localizer`, with its tables and
  /// charts checked against `privacy`.
  ///
  /// - Returns: the document, the files written beside it, how many small counts the host
  ///   suppressed and the texts that were missing.
  public func render(
    _ report: ReportDefinition, data: LuaValue, privacy: DocumentPrivacy?, localizer: Localizer
  ) throws(PluginRunError) -> RenderedDocument {
    let builder = DocumentBuilder(outputLimit: outputLimit, privacy: privacy, localizer: localizer)
    let doc = DocumentObject.make(builder)
    _ = try call(report.render) { stack throws(LuaCallError) in
      try stack.push(data)
      pushObject(doc, on: stack)
      return 2
    }
    return RenderedDocument(
      document: Document(blocks: builder.blocks), files: builder.files, suppressedCounts: builder.suppressedCounts, missing: localizer.missing)
  }
}

/// What one run of a report's `render` produced.
public struct RenderedDocument: Sendable, Equatable {
  /// The document, without its stamp.
  public var document: Document
  /// Files written beside the document.
  public var files: [ReportFile]
  /// How many small counts in declared count columns the host suppressed.
  public var suppressedCounts: Int
  /// Notes on texts missing in the language written.
  public var missing: [String]
}

// MARK: - Session formats

extension LuaSandbox {
  /// Calls one of a session format's stage functions (`when`, `options`, `repeat_until`,
  /// `groups`, `vote.settings`) with the `session` object, and returns what it returned.
  public func callStage(_ function: LuaFunctionReference, view: SessionView, services: SessionServices) throws(PluginRunError) -> LuaValue {
    let session = SessionObject.make(view, services: services)
    return try call(function) { stack in
      pushObject(session, on: stack)
      return 1
    }
  }
}
