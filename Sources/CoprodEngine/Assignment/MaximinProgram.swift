// coprod — co-production toolkit. Apache-2.0.

// MARK: - The maximin linear program

/// The restricted master program of maximin sortition, solved by a dense primal simplex that
/// keeps the basis inverse, so panels can be added as new columns and the solve resumes from
/// the last basis.
///
///     maximise z
///     subject to  z − Σₖ λₖ·cₖₜ/nₜ ≤ 0   for every type t that may be selected
///                 Σₖ λₖ ≤ 1
///                 λ ≥ 0
///
/// where cₖₜ is how many people of type t panel k holds and nₜ how many the pool holds. Its
/// dual prices (yₜ per type, and the price of the last row) tell the panel search what a new
/// panel must be worth to help: Σₜ yₜ·cₜ/nₜ above the last row's price.
struct MaximinProgram {
  private let sizes: [Int]
  /// Type → its row, or nil for types some quota keeps out of every panel.
  private let rowOf: [Int?]
  private let rows: Int
  /// Tableau columns B⁻¹Aⱼ of z (column 0) and the panels, and their reduced costs.
  private var columns: [[Double]] = []
  private var reduced: [Double] = []
  /// B⁻¹, by column (the slack columns' tableau), and the slacks' reduced costs (the duals).
  private var inverse: [[Double]]
  private var duals: [Double]
  private var rhs: [Double]
  /// Row → basic variable: a column index, or `-1 - row` for a slack.
  private var basis: [Int]
  /// Panels (type counts) by column − 1.
  private(set) var panels: [[Int]] = []
  private var known = Set<[Int]>()

  init(problem: QuotaProblem) {
    sizes = problem.members.map(\.count)
    var next = 0
    rowOf = problem.types.indices.map { t in
      guard problem.mayServe(t) else { return nil }
      defer { next += 1 }
      return next
    }
    let rows = next + 1
    self.rows = rows
    inverse = (0..<rows).map { j in (0..<rows).map { $0 == j ? 1 : 0 } }
    duals = [Double](repeating: 0, count: rows)
    rhs = [Double](repeating: 0, count: rows)
    rhs[rows - 1] = 1
    basis = (0..<rows).map { -1 - $0 }
    var zColumn = [Double](repeating: 1, count: rows)
    zColumn[rows - 1] = 0
    columns = [zColumn]
    reduced = [-1]
  }

  /// The last row's dual price: what a new panel must beat.
  var threshold: Double { duals[rows - 1] }

  /// The price of one person of each type in the current dual (0 for types kept out).
  func typePrices() -> [Double] {
    rowOf.indices.map { t in rowOf[t].map { duals[$0] / Double(sizes[t]) } ?? 0 }
  }

  /// The known panel worth most at `prices`.
  func bestColumn(_ prices: [Double]) -> [Int]? {
    panels.max { value($0, prices) < value($1, prices) }
  }

  private func value(_ panel: [Int], _ prices: [Double]) -> Double {
    zip(panel, prices).reduce(0) { $0 + Double($1.0) * $1.1 }
  }

  /// Adds a panel as a column; false when it is already there.
  @discardableResult
  mutating func addColumn(_ panel: [Int]) -> Bool {
    guard known.insert(panel).inserted else { return false }
    panels.append(panel)
    var entries: [(Int, Double)] = [(rows - 1, 1)]
    for (t, count) in panel.enumerated() where count > 0 {
      if let row = rowOf[t] { entries.append((row, -Double(count) / Double(sizes[t]))) }
    }
    var column = [Double](repeating: 0, count: rows)
    var cost = 0.0
    for (j, a) in entries {
      cost += duals[j] * a
      inverse[j].withUnsafeBufferPointer { b in
        for i in 0..<rows { column[i] += a * b[i] }
      }
    }
    columns.append(column)
    reduced.append(cost)
    return true
  }

  /// Pivots to an optimal basis (Dantzig's rule; Bland's after a run of degenerate pivots).
  mutating func solve() {
    var degenerate = 0
    for _ in 0..<(50 * (rows + columns.count)) {
      let bland = degenerate > 20
      var entering: Int?
      var best = -1e-11
      for (j, d) in reduced.enumerated() where d < best {
        entering = j
        if bland { break }
        best = d
      }
      if entering == nil || !bland {
        for (i, d) in duals.enumerated() where d < best {
          entering = -1 - i
          if bland { break }
          best = d
        }
      }
      guard let q = entering else { return }
      let alpha = q >= 0 ? columns[q] : inverse[-1 - q]
      var leaving: Int?
      var ratio = Double.infinity
      for i in 0..<rows where alpha[i] > 1e-11 {
        let r = rhs[i] / alpha[i]
        if r < ratio - 1e-12 || (r <= ratio + 1e-12 && leaving.map { basis[i] < basis[$0] } == true) {
          ratio = r
          leaving = i
        }
      }
      guard let r = leaving else { return }  // unbounded cannot happen: z ≤ 1
      degenerate = ratio < 1e-12 ? degenerate + 1 : 0
      pivot(alpha: alpha, entering: q, row: r)
    }
  }

  private mutating func pivot(alpha: [Double], entering q: Int, row r: Int) {
    let pivot = alpha[r]
    let dq = q >= 0 ? reduced[q] : duals[-1 - q]
    func update(_ column: inout [Double], _ d: inout Double) {
      let f = column[r] / pivot
      guard f != 0 else { return }
      alpha.withUnsafeBufferPointer { a in
        column.withUnsafeMutableBufferPointer { c in
          for i in 0..<c.count { c[i] -= f * a[i] }
        }
      }
      column[r] = f
      d -= f * dq
    }
    for j in columns.indices { update(&columns[j], &reduced[j]) }
    for j in inverse.indices { update(&inverse[j], &duals[j]) }
    var objective = 0.0
    update(&rhs, &objective)
    if q >= 0 { reduced[q] = 0 } else { duals[-1 - q] = 0 }
    basis[r] = q
  }

  /// The panels with positive weight and their weights (sum 1; weight the program left
  /// unused goes to the first panel, which only raises probabilities).
  func distribution() -> PanelDistribution {
    var weights = [Double](repeating: 0, count: panels.count)
    for (row, variable) in basis.enumerated() where variable >= 1 {
      weights[variable - 1] = max(0, rhs[row])
    }
    let total = weights.reduce(0, +)
    if total < 1 { weights[0] += 1 - total }
    let sum = weights.reduce(0, +)
    var kept = PanelDistribution(panels: [], weights: [])
    for (k, w) in weights.enumerated() where w > 1e-12 {
      kept.panels.append(panels[k])
      kept.weights.append(w / sum)
    }
    return kept
  }
}
