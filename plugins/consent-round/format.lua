-- coprod — co-production toolkit. Apache-2.0.
--
-- Sociocratic consent (domain brief § 2; sociocracyforall.org):
--   1. roles: facilitator and note-taker;   2. present the proposal;
--   3. clarifying questions (a round);      4. quick reactions (a round);
--   5. amend the proposal;
--   6. consent round: consent or object; an objection must show harm to the aim — the test
--      is "good enough for now, safe enough to try";
--   7. integrate objections (amend, shorten the term, add a review date);
--   8. announce.
-- Steps 6 and 7 repeat: after a round with a reasoned objection the note-taker records the
-- integrated proposal in the same round, and the next round decides on it (at most `rounds`
-- rounds). Counted by the `consent` rule: 2 consent, 1 stand aside, 0 object; only an
-- objection with a reason blocks. See docs/formats/consent-round.md.

--- The proposal as it now stands: the latest integrated or amended version, else the one
--- presented.
local function current_proposal(session)
  for _, stage in ipairs({ "consent", "amend", "proposal" }) do
    local versions = session:contributions(stage)
    if #versions > 0 then return versions[#versions], stage end
  end
  return nil
end

return coprod.session_format {
  name = "Consent Round",
  description = "A proposal, clarifying questions, reactions and amendment, then consent rounds that integrate reasoned objections until it is good enough for now and safe enough to try.",
  roles = { "facilitator", "note-taker" },
  stages = {
    { id = "proposal", title = "Present the proposal", minutes = 10, capture = "idea",
      prompt = "The proposer presents the proposal and the aim it serves." },
    { id = "clarify", title = "Clarifying questions", minutes = 10, capture = "comment",
      turns = coprod.turns.round_robin { minutes_each = 1, allow_pass = true },
      prompt = "In turn: a question to understand the proposal. No opinions yet." },
    { id = "reactions", title = "Quick reactions", minutes = 10, capture = "comment",
      turns = coprod.turns.round_robin { minutes_each = 1, allow_pass = true },
      prompt = "In turn: a short reaction. No discussion." },
    { id = "amend", title = "Amend the proposal", minutes = 10, capture = "idea", from = "proposal",
      prompt = "The proposer may amend the proposal in the light of the questions and reactions." },
    -- Each round decides on the proposal as it now stands; a reasoned objection sends it
    -- back to be integrated, and the next round decides again.
    { id = "consent", title = "Consent round", minutes = 15, capture = "idea",
      when = function(session) return current_proposal(session) ~= nil end,
      options = function(session)
        local proposal = current_proposal(session)
        return { { id = "v" .. session.iteration, name = proposal.text or "The proposal (not quoted)", from = { proposal.id } } }
      end,
      vote = { rule = "consent" },
      max_rounds = 10,
      repeat_until = function(session)
        local result = session:results("consent", session.iteration)
        return #result.winners == 1 or session.iteration >= session.settings.rounds
      end,
      prompt = "Consent, or object with the harm to the aim. Is it good enough for now, safe enough to try? Objections are integrated: amend, shorten the term, add a review date." },
    { id = "announce", title = "Announce", minutes = 5, capture = "commitment",
      prompt = "The facilitator announces the decision, who will act on it and its review date." },
  },
}
