-- Tests for the open-data report: coprod plugins test plugins/open-data
-- fixtures.workspace(): six people (five residents, one staff: below k = 5), stories s001
-- (quotable) and s002 (not), idea i001 grown from s001, decision d1, commitments k1 and k2,
-- feedback f1; one contribution withheld because its person withdrew consent.

local function lines(text)
  local out = {}
  for line in text:gmatch("([^\r\n]*)\r\n") do out[#out + 1] = line end
  return out
end

test("writes a CSV per table, a JSON file and CSVW metadata", function()
  local files = fixtures.files()
  local names = {}
  for name in coprod.sorted_pairs(files) do names[#names + 1] = name end
  expect.eq(names, { "commitments.csv", "contributions.csv", "csv-metadata.json", "decisions.csv", "feedback.csv", "open-data.json", "participation.csv" })
end)

test("contributions carry no author, and words only where the person agreed", function()
  local rows = lines(fixtures.files()["contributions.csv"])
  expect.eq(rows, {
    "id,kind,text,derived_from",
    "s001,story,Nobody told me why the repair was late.,",
    "s002,story,,",
    "i001,idea,Text people before a visit.,s001",
  })
  for name, text in pairs(fixtures.files()) do
    expect.eq(text:find("p00%d"), nil, name .. " names no participant")
  end
end)

test("groups smaller than k are left out", function()
  expect.eq(lines(fixtures.files()["participation.csv"]), { "grouping,group,people", "perspective,resident,5", "language,en,6" })
end)

test("every CSV's header matches its columns in csv-metadata.json, in order", function()
  local files = fixtures.files()
  local metadata = files["csv-metadata.json"]
  -- Keys are sorted, so each table's "tableSchema" comes before its "url".
  local position = 1
  for _, table_ in ipairs { "contributions", "participation", "decisions", "commitments", "feedback" } do
    position = metadata:find('"tableSchema"', position, true)
    local header = lines(files[table_ .. ".csv"])[1]
    for column in header:gmatch("[^,]+") do
      local found = metadata:find('"name": "' .. column .. '"', position, true)
      expect.truthy(found, table_ .. "." .. column .. " is in the metadata in order")
      position = found
    end
    local url = metadata:find('"url": "' .. table_ .. '.csv"', position, true)
    local nextTable = metadata:find('"tableSchema"', position, true)
    expect.truthy(url and (not nextTable or url < nextTable), table_ .. ".csv is the table described")
  end
end)

test("stamped with the workspace state hash", function()
  local files = fixtures.files()
  expect.truthy(files["csv-metadata.json"]:find('"dc:source": "coprod workspace state ' .. string.rep("b", 64) .. '"', 1, true), "metadata")
  expect.truthy(files["open-data.json"]:find('"state_hash": "' .. string.rep("b", 64) .. '"', 1, true), "json")
end)

test("the data dictionary lists each column with its meaning", function()
  local text = fixtures.render()
  expect.truthy(text:find("## Contributions (contributions.csv)\n\nStories, ideas, comments and objections, without who made them. 3 rows.", 1, true), "table")
  expect.truthy(text:find("| text | Words | text | The words, only where the person agreed to be quoted; empty otherwise. |", 1, true), "column")
end)

test("bilingual metadata has Welsh and English titles", function()
  local metadata = fixtures.files(nil, { lang = "cy+en" })["csv-metadata.json"]
  expect.truthy(metadata:find('"titles": {\n              "cy": "Geiriau",\n              "en": "Words"\n            }', 1, true), "Welsh first, then English")
  local text = fixtures.render(nil, { lang = "cy+en" })
  expect.truthy(text:find("# Data agored: Sample consultation / Open data: Sample consultation\n", 1, true), "title")
end)
