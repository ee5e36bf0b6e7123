// coprod — co-production toolkit. Apache-2.0.

import CoprodPlugins
import Foundation

/// Chooses versions from catalogues for `ID@RANGE` and everything it needs: the newest
/// version that fits every range, keeping plugins already installed when they fit, trying
/// older versions when the newest leads to a conflict, and saying in plain words why when
/// nothing fits.
public enum PluginResolver {
  /// Something asked for: a plugin id and the versions accepted, and who asks.
  struct Need {
    var id: String
    var constraint: VersionConstraint?
    var askedBy: String

    var range: String { constraint.map { " \($0)" } ?? "" }
  }

  /// A version chosen for an id, and who first needed it.
  struct Pick {
    var version: SemanticVersion
    var offer: CatalogueOffer?
    var askedBy: String
    var constraint: VersionConstraint?
  }

  /// The archives to install, libraries before the plugins that need them. The requested
  /// plugin is always taken from a catalogue; a dependency already installed is kept when
  /// its version fits.
  ///
  /// - Parameters:
  ///   - id: the plugin asked for.
  ///   - constraint: the versions accepted (nil: any).
  ///   - offers: every catalogue's archives.
  ///   - installed: versions of the plugins in use now, by id.
  /// - Throws: ``SharingError`` explaining the conflict or the missing version.
  public static func resolve(id: String, constraint: VersionConstraint?, offers: [CatalogueOffer], installed: [String: SemanticVersion]) throws(SharingError) -> [CatalogueOffer] {
    var byID: [String: [CatalogueOffer]] = [:]
    for offer in offers { byID[offer.entry.id, default: []].append(offer) }
    for key in byID.keys { byID[key]!.sort { $0.entry.semanticVersion > $1.entry.semanticVersion } }
    let root = Need(id: id, constraint: constraint, askedBy: "your request")
    switch solve([root], picks: [:], order: [], byID: byID, installed: installed, isRoot: true) {
    case .success(let order): return order.compactMap(\.offer).reversed()
    case .failure(let reason): throw SharingError("cannot install \(id)\(root.range): \(reason.description)")
    }
  }

  private static func solve(
    _ needs: [Need], picks: [String: Pick], order: [Pick], byID: [String: [CatalogueOffer]], installed: [String: SemanticVersion], isRoot: Bool
  ) -> Result<[Pick], SharingError> {
    guard let need = needs.first else { return .success(order) }
    let rest = Array(needs.dropFirst())
    if let pick = picks[need.id] {
      if need.constraint?.accepts(pick.version) ?? true {
        return solve(rest, picks: picks, order: order, byID: byID, installed: installed, isRoot: false)
      }
      return .failure(SharingError(
        "\(need.askedBy) needs \(need.id)\(need.range), but \(pick.askedBy) needs \(need.id)\(pick.constraint.map { " \($0)" } ?? "") and no version fits both"))
    }
    if !isRoot, let version = installed[need.id] {
      guard need.constraint?.accepts(version) ?? true else {
        return .failure(SharingError(
          "\(need.askedBy) needs \(need.id)\(need.range), but \(version) is installed; upgrade it first (coprod plugins upgrade \(need.id))"))
      }
      var picks = picks
      picks[need.id] = Pick(version: version, offer: nil, askedBy: need.askedBy, constraint: need.constraint)
      return solve(rest, picks: picks, order: order, byID: byID, installed: installed, isRoot: false)
    }
    let available = byID[need.id] ?? []
    let fitting = available.filter { need.constraint?.accepts($0.entry.semanticVersion) ?? true }
    guard !fitting.isEmpty else {
      let versions = available.map(\.entry.version)
      let asked = isRoot ? "" : "\(need.askedBy) needs \(need.id)\(need.range), but "
      return .failure(SharingError(
        asked + (versions.isEmpty ? "no catalogue offers it (see coprod plugins catalogue list)" : "the catalogues offer only \(versions.reversed().joined(separator: ", "))")))
    }
    var first: SharingError?
    for offer in fitting {
      let version = offer.entry.semanticVersion
      let pick = Pick(version: version, offer: offer, askedBy: need.askedBy, constraint: need.constraint)
      var picks = picks
      picks[need.id] = pick
      let who = "\(need.id) \(version)"
      let dependencies = offer.entry.dependencies.keys.sorted().map { id in
        Need(id: id, constraint: VersionConstraint(offer.entry.dependencies[id]!), askedBy: who)
      }
      switch solve(rest + dependencies, picks: picks, order: order + [pick], byID: byID, installed: installed, isRoot: false) {
      case .success(let result): return .success(result)
      case .failure(let reason): first = first ?? reason
      }
    }
    let older = fitting.count > 1 ? " (older versions that fit fail too)" : ""
    return .failure(SharingError(first!.description + older))
  }
}
