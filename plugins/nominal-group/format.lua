-- coprod — co-production toolkit. Apache-2.0.
--
-- Nominal Group Technique (Delbecq & Van de Ven; domain brief § 2, marcbowles.com):
--   1. silent writing (about five minutes);
--   2. a round-robin, one idea per turn, recorded without debate;
--   3. clarify and merge duplicates;
--   4. a private ranking (each person ranks their top choices);
--   5. sum the ranks.
-- Here the ranking is counted by the Borda count, which sums ranks: an idea gets one point
-- for every idea a person ranks below it. The group's top three are its priorities, and next
-- steps follow from them. See docs/formats/nominal-group.md.

--- The ideas to rank: the clarified (merged) list when the group made one, else the ideas
--- as they were recorded in the round-robin; at most `shortlist` of them, in order.
local function ideas_to_rank(session)
  local merged = session:contributions("clarify")
  local ideas = #merged > 0 and merged or session:contributions("round-robin")
  local limit = session.settings.shortlist
  local options = {}
  for i, idea in ipairs(ideas) do
    if i > limit then break end
    options[i] = { id = "n" .. i, name = idea.text or ("Idea " .. i .. " (not quoted)"), from = { idea.id } }
  end
  return options
end

return coprod.session_format {
  name = "Nominal Group Technique",
  description = "Silent writing, a round-robin of ideas without debate, clarifying and merging, then a private ranking whose ranks are summed.",
  roles = { "facilitator", "recorder" },
  stages = {
    { id = "question", title = "The question", minutes = 5,
      prompt = "The facilitator reads the question aloud and writes it where everyone can see it." },
    { id = "silent-writing", title = "Silent writing", minutes = 5, groups = coprod.groups.solo {},
      prompt = "On your own and in silence, write down as many ideas as you can. Do not discuss them yet." },
    -- One idea per turn, around the group until the ideas run out; pass when you have none left.
    { id = "round-robin", title = "Round-robin", minutes = 20, capture = "idea",
      turns = coprod.turns.round_robin { minutes_each = 1, allow_pass = true },
      prompt = "One idea each, in turn. The recorder writes it in your words. No debate yet." },
    { id = "clarify", title = "Clarify and merge", minutes = 15, capture = "idea", from = "round-robin",
      prompt = "Go through the list: ask what an idea means, and merge ideas that say the same thing." },
    -- Ranking needs at least three ideas to choose a top three from.
    { id = "ranking", title = "Private ranking", minutes = 10,
      when = function(session)
        return #ideas_to_rank(session) >= 3
      end,
      options = ideas_to_rank,
      vote = { rule = "borda", ballot = "ranked", seats = 3 },
      prompt = "On your own, rank your top five ideas, best first. The ranks are added up." },
    { id = "next-steps", title = "Next steps", minutes = 10, capture = "commitment",
      prompt = "Who will take the top ideas forward, and how will the group hear what happened?" },
  },
}
