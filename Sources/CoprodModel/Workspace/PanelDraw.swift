// coprod — co-production toolkit. Apache-2.0.

// MARK: - Panel draws

/// A recorded sortition draw (`coprod panel select` in a workspace): what was asked, the
/// fingerprints of the files, and the panel, so anyone with the same files and seed can
/// re-run the draw and check they get the same panel. The pool's features are not kept.
public struct PanelDraw: Sendable, Hashable, Codable {
  /// The draw's id (`panel1`, `panel2`, …).
  public var id: String
  /// Panel size.
  public var size: Int
  /// The seed of the draw.
  public var seed: Int64
  /// The algorithm (`maximin`).
  public var algorithm: String
  /// The pool file as named on the command line, and its SHA-256 (hex).
  public var poolFile: String
  public var poolSHA256: String
  /// The quotas file as named on the command line, and its SHA-256 (hex).
  public var quotasFile: String
  public var quotasSHA256: String
  /// People in the pool.
  public var poolSize: Int
  /// How each quota was met.
  public var quotas: [Quota]
  /// Who was selected, in pool order, with each one's selection probability.
  public var selected: [Member]
  /// The lowest selection probability of anyone in the pool.
  public var minimumProbability: Double
  /// How many different panels the distribution mixed.
  public var panels: Int

  /// Creates a draw record.
  public init(
    id: String, size: Int, seed: Int64, algorithm: String, poolFile: String, poolSHA256: String, quotasFile: String,
    quotasSHA256: String, poolSize: Int, quotas: [Quota], selected: [Member], minimumProbability: Double, panels: Int
  ) {
    self.id = id
    self.size = size
    self.seed = seed
    self.algorithm = algorithm
    self.poolFile = poolFile
    self.poolSHA256 = poolSHA256
    self.quotasFile = quotasFile
    self.quotasSHA256 = quotasSHA256
    self.poolSize = poolSize
    self.quotas = quotas
    self.selected = selected
    self.minimumProbability = minimumProbability
    self.panels = panels
  }

  /// One quota and how it was met.
  public struct Quota: Sendable, Hashable, Codable {
    public var feature: String
    public var value: String
    public var min: Int
    public var max: Int
    /// People in the pool with the value.
    public var inPool: Int
    /// People selected with the value.
    public var selected: Int

    /// Creates a quota record.
    public init(feature: String, value: String, min: Int, max: Int, inPool: Int, selected: Int) {
      self.feature = feature
      self.value = value
      self.min = min
      self.max = max
      self.inPool = inPool
      self.selected = selected
    }
  }

  /// A selected person and their probability of selection.
  public struct Member: Sendable, Hashable, Codable {
    public var id: String
    public var probability: Double

    /// Creates a member record.
    public init(id: String, probability: Double) {
      self.id = id
      self.probability = probability
    }
  }
}
