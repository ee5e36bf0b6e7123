-- Tests for "We asked, you said, we did": coprod plugins test plugins/you-said
-- fixtures.workspace(): six people (five residents, one staff), two stories (one quotable),
-- an idea, a decision and two commitments (one done, one overdue).

test("quotes only those who agreed to be quoted", function()
  local text = fixtures.render(fixtures.workspace())
  expect.truthy(text:find("> Nobody told me why the repair was late.", 1, true), "the quotable story")
  expect.truthy(text:find("1 more, not quoted because the person did not agree to be quoted.", 1, true), "the other story")
end)

test("never counts a group smaller than k", function()
  local text = fixtures.render(fixtures.workspace())
  expect.truthy(text:find("| staff | fewer than 5 |", 1, true), "staff suppressed")
  expect.truthy(text:find("| resident | 5 |", 1, true), "residents counted")
end)

test("reports what was decided and what is being done, overdue included", function()
  local text = fixtures.render(fixtures.workspace())
  expect.truthy(text:find("Tenants' panel decided on 2026-06-10: Repairs text updates. Outcome: partly accepted.", 1, true), "the decision")
  expect.truthy(text:find("| Review the letters' print size | Tenancy team | 2026-04-01 (overdue) | planned | - | - |", 1, true), "the overdue commitment")
end)

test("ends with the workspace's state hash", function()
  local text = fixtures.render(fixtures.workspace())
  expect.truthy(text:find("state hash " .. string.rep("b", 64), 1, true))
end)

test("in Welsh: Gofynnon ni, Dywedoch chi, Gwnaethon ni, with Welsh dates and suppression", function()
  local text = fixtures.render(fixtures.workspace("cy"), { lang = "cy" })
  expect.truthy(text:find("## Gofynnon ni\n", 1, true), "we asked")
  expect.truthy(text:find("## Dywedoch chi\n", 1, true), "you said")
  expect.truthy(text:find("## Gwnaethon ni\n", 1, true), "we did")
  expect.truthy(text:find("Faint o lais sydd gennych: ymgynghori. Byddwn yn gwrando arnoch", 1, true), "the IAP2 promise in Welsh")
  expect.truthy(text:find("Cymerodd 6 o bobl ran.", 1, true), "people")
  expect.truthy(text:find("| staff | llai na 5 |", 1, true), "staff suppressed")
  expect.truthy(text:find("Penderfynodd Tenants' panel ar 10 Mehefin 2026: Repairs text updates. Canlyniad: derbyniwyd yn rhannol.", 1, true), "the decision")
  expect.truthy(text:find("| Review the letters' print size | Tenancy team | 1 Ebrill 2026 (yn hwyr) | wedi'i gynllunio | - | - |", 1, true), "overdue")
  expect.truthy(text:find("Nid yw 1 cyfraniad yn cael ei ddangos am fod y person wedi tynnu ei gydsyniad yn ôl.", 1, true), "withheld")
end)

test("bilingual: Welsh first, then English, block by block", function()
  local text = fixtures.render(nil, { lang = "cy+en" })
  expect.truthy(text:find("## Gofynnon ni / We asked\n", 1, true), "one heading, Welsh first")
  expect.truthy(text:find("Cymerodd 6 o bobl ran.\n\n6 people took part.\n", 1, true), "Welsh paragraph, then English")
  local _, quotes = text:gsub("> Nobody told me why the repair was late.", "")
  expect.eq(quotes, 1, "a resident's words are written once")
end)
