-- Story Circle: a story circle (see docs/plugin-guide.md).
return coprod.session_format {
  name = "Story Circle",
  roles = { "facilitator", "note-taker" },
  stages = {
    { id = "welcome", title = "Welcome and agreements", minutes = 10,
      prompt = "No interruptions. You may pass. What is shared stays here unless you agree." },
    { id = "stories", title = "Stories", minutes = 45, capture = "story",
      groups = coprod.groups.tables { size = 8, mix = "perspective" },
      turns = coprod.turns.round_robin { minutes_each = 3, allow_pass = true },
      prompt = "Tell us about a time when {{topic}} made a difference to you." },
    { id = "themes", title = "Themes", minutes = 15, capture = "idea", from = "stories",
      prompt = "What do these stories have in common? Name each theme in a few words." },
    { id = "priorities", title = "Priorities", minutes = 10,
      vote = { rule = "dot-voting", options = "themes", dots = 3 } },
    { id = "next-steps", title = "Next steps", minutes = 10, capture = "commitment",
      prompt = "Who will do what, by when? How will we tell everyone what happened?" },
  },
}
