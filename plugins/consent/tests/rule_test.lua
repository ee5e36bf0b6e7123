-- Tests for consent: coprod plugins test plugins/consent
-- 2 = consent, 1 = stand aside, 0 = object; only a reasoned objection blocks.

test("a reasoned objection blocks; a stand-aside does not", function()
  local result = fixtures.count("fixtures/objection.csv")
  expect.eq(result.winners, { "Text updates" })
end)

test("an objection without a reason does not block", function()
  local result = fixtures.count("fixtures/unreasoned.csv")
  expect.eq(result.winners, { "Later opening" })
end)

test("an answer other than 0, 1 or 2 is refused", function()
  expect.error(function() fixtures.count("fixtures/bad-answer.csv") end, "answers are 2 (consent), 1 (stand aside) or 0 (object)")
end)
