-- coprod — co-production toolkit. Apache-2.0.
--
-- Open Space Technology (Harrison Owen; domain brief § 2, openingspace.net):
--   1. a circle of chairs; the sponsor states the purpose;
--   2. the four principles ("whoever comes are the right people", "whatever happens is the
--      only thing that could have", "whenever it starts is the right time", "when it's over
--      it's over") and the Law of Two Feet;
--   3. participants post topics on a board (convener, time, space);
--   4. marketplace: people sign up to sessions;
--   5. parallel sessions; conveners write notes, which go into same-day proceedings;
--   6. closing circle: commitments and next steps.
-- People choose their own sessions, so the host forms no groups after the circle. Sessions
-- run in time slots until every topic has its notes (at most `time_slots`). Scales from 5
-- to 2,000 people. See docs/formats/open-space.md.

--- True when every topic on the board has notes that name it in `from`.
local function every_topic_has_notes(session)
  local noted = {}
  for _, note in ipairs(session:contributions("sessions")) do
    for _, topic in ipairs(note.from) do noted[topic] = true end
  end
  for _, topic in ipairs(session:contributions("agenda")) do
    if not noted[topic.id] then return false end
  end
  return true
end

--- True when the slot just held produced no notes (nothing more is happening).
local function slot_was_empty(session)
  return #session:contributions("sessions", session.iteration) == 0
end

return coprod.session_format {
  name = "Open Space",
  description = "Participants set the agenda, run parallel sessions they choose with their feet, write the proceedings and commit to next steps.",
  roles = { "sponsor", "facilitator", "conveners (anyone who posts a topic)" },
  stages = {
    { id = "opening", title = "Opening circle", minutes = 15, groups = coprod.groups.plenary {},
      prompt = "The sponsor states the purpose: the question the day is for." },
    { id = "principles", title = "Principles and the Law of Two Feet", minutes = 10,
      prompt = "Whoever comes are the right people. Whatever happens is the only thing that could have. Whenever it starts is the right time. When it's over, it's over. If you are neither learning nor contributing, use your two feet." },
    { id = "agenda", title = "Posting topics", minutes = 30, capture = "idea",
      prompt = "If you care about a topic, write it down with your name, pick a time and a space, and announce it to the circle." },
    { id = "marketplace", title = "Marketplace", minutes = 15,
      when = function(session) return #session:contributions("agenda") >= 1 end,
      prompt = "Sign up for the sessions you want to join; conveners may merge or move sessions." },
    -- Parallel sessions, slot after slot, until every topic has its notes.
    { id = "sessions", title = "Parallel sessions", minutes = 60, capture = "comment", from = "agenda",
      when = function(session) return #session:contributions("agenda") >= 1 end,
      max_rounds = 6,
      repeat_until = function(session)
        return session.iteration >= session.settings.time_slots or every_topic_has_notes(session) or slot_was_empty(session)
      end,
      prompt = "Conveners write notes of their session (who came, what was said, what next) for the proceedings." },
    { id = "closing", title = "Closing circle", minutes = 30, capture = "commitment",
      prompt = "What will you do next, and with whom? The proceedings go to everyone today." },
  },
}
