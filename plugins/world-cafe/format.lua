-- coprod — co-production toolkit. Apache-2.0.
--
-- World Café (domain brief § 2; theworldcafe.com): tables of four or five; rounds of about
-- twenty minutes, one question each; after each round the table's host stays and the others
-- move to new tables, so ideas cross-pollinate; at least three rounds; then a plenary
-- harvest. Here the harvest's ideas go to a dot vote and next steps.
-- See docs/formats/world-cafe.md.
return coprod.session_format {
  name = "World Café",
  description = "Rounds of conversation at small mixed tables, the host staying while others move on, then a harvest, priorities and next steps.",
  roles = { "host", "table hosts" },
  stages = {
    { id = "welcome", title = "Welcome and café etiquette", minutes = 10,
      prompt = "Focus on what matters; listen together; link and connect ideas; write or draw on the tablecloth." },
    -- Three rounds: tables of five mixed by perspective, new tables each round (few repeat
    -- meetings), each table's host staying put.
    { id = "rounds", title = "Café rounds", minutes = 20, capture = "idea", max_rounds = 3,
      groups = coprod.groups.tables { size = 5, mix = "perspective", stay = true },
      prompt = "What would make {{topic}} work better for people like you?" },
    { id = "harvest", title = "Harvest", minutes = 20, capture = "idea", from = "rounds",
      prompt = "Table hosts share what came up. What patterns do we see across the tables?" },
    { id = "priorities", title = "Priorities", minutes = 10,
      when = function(session) return #session:contributions("harvest") >= 2 end,
      vote = { rule = "dot-voting", options = "harvest", dots = 3 } },
    { id = "next-steps", title = "Next steps", minutes = 10, capture = "commitment",
      prompt = "Who will do what, by when? How will we tell everyone what happened?" },
  },
}
