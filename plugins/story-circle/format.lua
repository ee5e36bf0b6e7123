-- coprod — co-production toolkit. Apache-2.0.
--
-- Story Circle (domain brief § 2; usdac.us/storycircles): circles of about eight, each person
-- tells a story of about three minutes in turn, with no questions or crosstalk; anyone may
-- pass and gets a turn at the end. What is shared stays in the room unless the teller agrees.
-- Then reflection, themes drawn from the stories, a dot vote on the themes, and next steps
-- as commitments. See docs/formats/story-circle.md.
return coprod.session_format {
  name = "Story Circle",
  description = "People share stories in small circles, then draw out themes, choose priorities with dots and agree next steps.",
  roles = { "facilitator", "note-taker" },
  stages = {
    { id = "welcome", title = "Welcome and agreements", minutes = 10,
      prompt = "No interruptions. You may pass. What is shared stays here unless you agree." },
    { id = "stories", title = "Stories", minutes = 45, capture = "story",
      groups = coprod.groups.tables { size = 8, mix = "perspective" },
      turns = coprod.turns.round_robin { minutes_each = 3, allow_pass = true },
      prompt = "Tell us about a time when {{topic}} made a difference to you." },
    { id = "reflection", title = "Reflection", minutes = 15, capture = "comment", from = "stories",
      prompt = "What did you hear? What surprised you? Speak about the stories, not the tellers." },
    { id = "themes", title = "Themes", minutes = 15, capture = "idea", from = "stories",
      prompt = "What do these stories have in common? Name each theme in a few words." },
    -- A dot vote needs at least two themes to choose between; with fewer, go straight to next steps.
    { id = "priorities", title = "Priorities", minutes = 10,
      when = function(session) return #session:contributions("themes") >= 2 end,
      vote = { rule = "dot-voting", options = "themes", dots = 3 } },
    { id = "next-steps", title = "Next steps", minutes = 10, capture = "commitment",
      prompt = "Who will do what, by when? How will we tell everyone what happened?" },
  },
}
