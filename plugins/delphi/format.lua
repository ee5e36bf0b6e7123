-- coprod — co-production toolkit. Apache-2.0.
--
-- Delphi (domain brief § 2; BMC Med Res Methodol 10.1186/s12874-020-01029-4):
--   - an anonymous panel of about 10-30;
--   - round 1: open questions; later rounds: ratings on a Likert scale (here 1-9);
--   - controlled feedback between rounds (the median and middle half of each statement's
--     ratings, and comments);
--   - a consensus threshold set in advance (70-80%);
--   - 2-4 rounds, or until the answers stabilise.
-- Ratings are score ballots counted by the `supermajority` rule: a statement reaches
-- consensus when at least `consensus`% of the panel rate it 7 or more; the count notes each
-- statement's median and middle half, which the facilitator feeds back. The rating stage
-- repeats until every statement reaches consensus or the set reaching it stops changing,
-- at most `rating_rounds` times. See docs/formats/delphi.md.

--- The statements that reached consensus in rating round `round`, as a sorted string.
local function agreed(session, round)
  local result = session:results("ratings", round)
  local winners = {}
  for i, id in ipairs(result.winners) do winners[i] = id end
  table.sort(winners)
  return table.concat(winners, " "), #winners, #result.options
end

return coprod.session_format {
  name = "Delphi",
  description = "Anonymous open answers, statements drawn from them, then rounds of ratings with feedback until agreement passes a threshold set in advance.",
  roles = { "facilitator", "steering group" },
  stages = {
    { id = "briefing", title = "Briefing", minutes = 10,
      prompt = "The question, the 1-9 rating scale, the consensus threshold (set now, before round 1) and anonymity: nobody's answers are shown with their name." },
    { id = "questions", title = "Round 1: open questions", minutes = 30, capture = "idea", groups = coprod.groups.solo {},
      prompt = "Answer the open questions on your own, in your own words." },
    { id = "statements", title = "Statements", minutes = 30, capture = "idea", from = "questions",
      prompt = "The facilitator turns the answers into clear statements to rate, each linked to the answers it came from." },
    -- Rating rounds: rate every statement 1-9; after each round the facilitator feeds back
    -- each statement's median and middle half (in the count's notes) and the comments.
    { id = "ratings", title = "Rating round", minutes = 20,
      when = function(session) return #session:contributions("statements") >= 1 end,
      vote = { rule = "supermajority", ballot = "score", options = "statements",
        settings = function(session)
          return { share = session.settings.consensus .. "%", support_from = 7 }
        end },
      max_rounds = 10,
      repeat_until = function(session)
        local now, passed, total = agreed(session, session.iteration)
        if passed == total or session.iteration >= session.settings.rating_rounds then return true end
        return session.iteration >= 2 and now == agreed(session, session.iteration - 1)
      end,
      prompt = "Rate each statement from 1 (strongly disagree) to 9 (strongly agree); add a comment if you wish. Then hear the panel's medians before the next round." },
    { id = "report", title = "Report", minutes = 10, capture = "commitment",
      prompt = "Who publishes the statements the panel agreed, and what happens to them next." },
  },
}
