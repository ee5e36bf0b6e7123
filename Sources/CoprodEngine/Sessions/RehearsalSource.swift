// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel

// MARK: - A synthetic room

/// The people of a rehearsal: `r01`, `r02`, … with a realistic mix of perspectives (about
/// four in ten residents, two in ten with lived experience, one in ten carers, two in ten
/// staff, one in ten partners) and languages, drawn from the seed.
enum SyntheticRoom {
  static let mix: [(Perspective, Int)] = [(.resident, 40), (.livedExperience, 20), (.carer, 10), (.staff, 20), (.partner, 10)]

  static func people(_ count: Int, seed: Int64) -> [Participant] {
    var random = SeededRandom(seed: UInt64(bitPattern: SessionDraw.seed(seed, "room", "", 0, 0)))
    let width = String(count).count < 2 ? 2 : String(count).count
    return (1...max(count, 1)).map { number in
      var draw = SessionDraw.below(100, &random)
      var perspective = Perspective.resident
      for (candidate, weight) in mix {
        if draw < weight { perspective = candidate; break }
        draw -= weight
      }
      var perspectives = [perspective]
      if perspective == .resident && SessionDraw.below(4, &random) == 0 { perspectives.append(.livedExperience) }
      let language = SessionDraw.below(10, &random) == 0 ? "cy" : "en"
      let digits = String(number)
      return Participant(id: "r" + String(repeating: "0", count: width - digits.count) + digits, perspectives: perspectives, language: language)
    }
  }
}

// MARK: - Simulated entries

/// Feeds a rehearsal: everyone present speaks in turn in capture stages (some pass and speak
/// at the end), idea stages draw themes from earlier contributions, votes get one ballot per
/// person of the vote's kind, and commitment stages act on the winners. Seeded.
struct RehearsalSource: SessionInputSource {
  let people: [String]
  var random: SeededRandom
  private var queue: [SessionEntry] = []
  private var prepared: (stage: String, iteration: Int)?

  init(people: [String], seed: Int64) {
    self.people = people
    random = SeededRandom(seed: UInt64(bitPattern: SessionDraw.seed(seed, "rehearsal", "", 0, 0)))
  }

  func attendance() throws -> [(id: String, origin: SessionEntry.Origin)] {
    people.enumerated().map { ($0.element, .init(place: "rehearsal", path: "attendance[\($0.offset + 1)]")) }
  }

  func skipped(_ stage: String, reason: String) throws {}

  mutating func next(in plan: StagePlan) throws -> SessionEntry? {
    if prepared?.stage != plan.stage.id || prepared?.iteration != plan.iteration {
      prepared = (plan.stage.id, plan.iteration)
      queue = entries(for: plan)
    }
    return queue.isEmpty ? nil : queue.removeFirst()
  }

  private mutating func entries(for plan: StagePlan) -> [SessionEntry] {
    let stage = plan.stage
    var counter = 0
    func origin() -> SessionEntry.Origin {
      counter += 1
      return .init(place: "rehearsal", path: "stages.\(stage.id)[\(counter)]")
    }
    var result: [SessionEntry] = []
    if stage.vote != nil, let kind = plan.ballotKind {
      let ids = plan.options.map(\.id)
      for voter in plan.attendees {
        let choice: SessionEntry.Choice
        switch kind {
        case .ranked: choice = .rank(SessionDraw.shuffled(ids, seed: Int64(bitPattern: random.next())).map { [$0] })
        case .approval:
          let picked = ids.filter { _ in SessionDraw.below(2, &random) == 0 }
          choice = .approve(picked.isEmpty ? [ids[SessionDraw.below(ids.count, &random)]] : picked)
        case .cumulative:
          var dots: [String: Int64] = [:]
          for _ in 0..<(plan.dots ?? 3) { dots[ids[SessionDraw.below(ids.count, &random)], default: 0] += 1 }
          choice = .dots(ids.compactMap { id in dots[id].map { (id, $0) } })
        case .score: choice = .scores(ids.map { ($0, Int64(SessionDraw.below(3, &random))) })
        }
        result.append(.init(origin: origin(), body: .ballot(.init(voter: voter, choice: choice))))
      }
      return result
    }
    switch stage.capture {
    case "commitment":
      let sources = Array(plan.winners.prefix(2))
      if sources.isEmpty {
        result.append(.init(origin: origin(), body: .commitment(.init(text: "Tell everyone what happened next (simulated)", owner: "Facilitation team"))))
      }
      for winner in sources {
        result.append(
          .init(origin: origin(), body: .commitment(.init(text: "Act on: \(winner.name)", owner: "Facilitation team", from: [winner.id]))))
      }
    case "idea" where stage.from != nil:
      let earlier = plan.contributions[stage.from ?? ""] ?? []
      let count = max(2, min(6, plan.attendees.count / 3))
      for number in 1...count {
        let from = earlier.isEmpty ? [] : [earlier[SessionDraw.below(earlier.count, &random)]]
        result.append(
          .init(origin: origin(), body: .contribution(.init(by: nil, text: "Theme \(number) (simulated)", kind: .idea, quote: true, from: from))))
      }
    case .some(let capture):
      let speakers = plan.orders.isEmpty ? plan.attendees : plan.orders.flatMap { $0 }
      var passed: [String] = []
      for person in speakers {
        if stage.turns?.allowPass == true && SessionDraw.below(7, &random) == 0 {
          passed.append(person)
          result.append(.init(origin: origin(), body: .pass(person)))
        } else {
          result.append(.init(origin: origin(), body: .contribution(.init(by: person, text: "A simulated \(capture) from \(person)", quote: false))))
        }
      }
      for person in passed where SessionDraw.below(2, &random) == 0 {
        result.append(.init(origin: origin(), body: .contribution(.init(by: person, text: "A simulated \(capture) from \(person), at the end", quote: false))))
      }
    case nil: break
    }
    return result
  }
}
