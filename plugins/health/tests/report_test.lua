-- Tests for the co-production health report: coprod plugins test plugins/health
-- fixtures.workspace(): co-design declared with a consult promise, six people (5 residents,
-- 1 staff: a group below k, so no variety index), three of whom contributed, two
-- commitments (one done, one overdue).

test("the indicators are counted from the workspace", function()
  local text = fixtures.render(fixtures.workspace())
  expect.truthy(text:find("| Who took part | 6 people |", 1, true), "who took part")
  expect.truthy(text:find("| Voice balance | 3 of 6 contributed; Gini 0.50 |", 1, true), "voice balance")
  expect.truthy(text:find("| Follow-through | 1 of 2 commitments done, 1 overdue |", 1, true), "follow-through")
end)

test("a rung higher than the power shared is flagged as faux-production", function()
  local text = fixtures.render(fixtures.workspace())
  expect.truthy(text:find("| Ladder integrity | 1 caution (see below) |", 1, true), "the caution")
  expect.truthy(text:find("faux-production", 1, true), "named")
end)

test("a group smaller than k is never shown", function()
  local text = fixtures.render(fixtures.workspace())
  expect.truthy(text:find("| staff | fewer than 5 | - |", 1, true))
end)

test("in Welsh, with the ladder, spectrum and cautions in Welsh", function()
  local text = fixtures.render(fixtures.workspace("cy"), { lang = "cy" })
  expect.truthy(text:find("# Iechyd cyd-gynhyrchu: Sample consultation\n", 1, true), "title")
  expect.truthy(text:find("| Pwy gymerodd ran | 6 o bobl |", 1, true), "who took part")
  expect.truthy(text:find("| Cydbwysedd lleisiau | cyfrannodd 3 o 6; Gini 0.50 |", 1, true), "voice")
  expect.truthy(text:find("Datganwyd: cyd-ddylunio, ris 6 o 7 (gwneud gyda phobl). Addawyd: ymgynghori.", 1, true), "ladder")
  expect.truthy(text:find("Cyd-gynhyrchu ffug (faux-production)", 1, true), "the caution")
  expect.truthy(text:find("| staff | llai na 5 | - |", 1, true), "suppression")
  expect.truthy(text:find("Ar agor am 84 diwrnod, o 2 Mawrth 2026 i 24 Mai 2026.", 1, true), "dates")
end)
