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
