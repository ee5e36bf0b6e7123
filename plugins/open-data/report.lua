-- Open data: the workspace as CSV and JSON files with a data dictionary (this document) and
-- W3C CSVW metadata (csv-metadata.json), for publishing on an open-data portal.
-- Run in a workspace: coprod report open-data --out DIR [--lang cy|en|cy+en]
-- What it leaves out: personal data and authors (the report never asks for them, so it never
-- sees them), contributions whose people withdrew consent (coprod withholds them), the words
-- of people who did not agree to be quoted, and groups smaller than the workspace's k.

-- The tables: each column's name (the CSV header), CSVW datatype and how to read it from a row.
local function list(values) return table.concat(values, " ") end

local tables = {
  {
    name = "contributions",
    columns = {
      { "id", "string" }, { "kind", "string" }, { "text", "string" }, { "derived_from", "string" },
    },
    rows = function(data)
      local rows = {}
      for _, c in ipairs(data.contributions) do rows[#rows + 1] = { c.id, c.kind, c.text or "", list(c.from) } end
      return rows
    end,
  },
  {
    name = "participation",
    columns = { { "grouping", "string" }, { "group", "string" }, { "people", "integer" } },
    rows = function(data)
      local rows = {}
      for _, grouping in ipairs { "perspective", "language" } do
        for _, g in ipairs(data.participation[grouping]) do
          if not g.suppressed then rows[#rows + 1] = { grouping, g.group, g.count } end
        end
      end
      return rows
    end,
  },
  {
    name = "decisions",
    columns = {
      { "id", "string" }, { "date", "date" }, { "decided_by", "string" }, { "outcome", "string" }, { "chosen", "string" },
      { "rationale", "string" }, { "reasons", "string" }, { "session", "string" }, { "rule_id", "string" },
      { "rule_version", "string" }, { "rule_sha256", "string" }, { "from_contributions", "string" }, { "state_hash", "string" },
    },
    rows = function(data)
      local rows = {}
      for _, d in ipairs(data.decisions) do
        local chosen, from = {}, {}
        for _, w in ipairs(d.winners) do
          chosen[#chosen + 1] = w.name
          for _, id in ipairs(d.provenance and d.provenance[w.id] or {}) do from[#from + 1] = id end
        end
        rows[#rows + 1] = {
          d.id, d.date or "", d.decided_by, d.outcome, table.concat(chosen, "; "), d.rationale, d.reasons or "", d.session or "",
          d.rule.id, d.rule.version, d.rule.sha256, list(from), d.state_hash or "",
        }
      end
      return rows
    end,
  },
  {
    name = "commitments",
    columns = {
      { "id", "string" }, { "text", "string" }, { "owner", "string" }, { "due", "date" }, { "status", "string" },
      { "overdue", "boolean" }, { "decision", "string" }, { "latest_note", "string" }, { "evidence", "string" },
    },
    rows = function(data)
      local rows = {}
      for _, c in ipairs(data.commitments) do
        local evidence = {}
        for _, e in ipairs(c.evidence) do evidence[#evidence + 1] = e.location and (e.summary .. " (" .. e.location .. ")") or e.summary end
        rows[#rows + 1] = { c.id, c.text, c.owner, c.due or "", c.status, c.overdue, c.decision or "", c.note or "", table.concat(evidence, "; ") }
      end
      return rows
    end,
  },
  {
    name = "feedback",
    columns = {
      { "id", "string" }, { "date", "date" }, { "title", "string" }, { "channel", "string" }, { "decisions", "string" },
      { "commitments", "string" },
    },
    rows = function(data)
      local rows = {}
      for _, f in ipairs(data.feedback) do rows[#rows + 1] = { f.id, f.date, f.title, f.channel, list(f.decisions), list(f.commitments) } end
      return rows
    end,
  },
}

-- A text in every language of the output, as CSVW writes a natural-language property.
local function titles(doc, key)
  local map = {}
  for _, lang in ipairs(doc.languages) do map[lang] = doc:t(key, nil, lang) end
  return map
end

local function described(doc, key, vars)
  local values = {}
  for i, lang in ipairs(doc.languages) do values[i] = { ["@value"] = doc:t(key, vars, lang), ["@language"] = lang } end
  return values
end

return coprod.report {
  name = "Open data",
  input = "workspace",
  render = function(data, doc)
    local k = data.minimum_group_size
    local metadata = {
      ["@context"] = { "http://www.w3.org/ns/csvw", { ["@language"] = doc.languages[1] } },
      ["dc:title"] = described(doc, "title", { name = data.consultation.name }),
      ["dc:description"] = described(doc, "description", { k = k }),
      ["dc:source"] = "coprod workspace state " .. data.state_hash,
      tables = {},
    }
    local json = { workspace = data.consultation.name, state_hash = data.state_hash, minimum_group_size = k, people = data.people, tables = {} }

    doc:heading(1, doc:t("title", { name = data.consultation.name }))
    doc:paragraph(doc:t("description", { k = k }))
    doc:paragraph(doc:t("files"))
    doc:paragraph(doc:t("stamp", { hash = data.state_hash }))
    for _, spec in ipairs(tables) do
      local header = {}
      for i, column in ipairs(spec.columns) do header[i] = column[1] end
      local rows = spec.rows(data)
      local file = spec.name .. ".csv"
      doc:csv(file, { columns = header, rows = rows })

      local records = {}
      for i, row in ipairs(rows) do
        local record = {}
        for j, column in ipairs(spec.columns) do record[column[1]] = row[j] end
        records[i] = record
      end
      json.tables[spec.name] = records

      local columns, dictionary = {}, {}
      for i, column in ipairs(spec.columns) do
        local key = "column." .. spec.name .. "." .. column[1]
        columns[i] = {
          name = column[1], titles = titles(doc, key .. ".title"), datatype = column[2],
          ["dc:description"] = described(doc, key .. ".description", { k = k }),
        }
        dictionary[i] = { column[1], doc:t(key .. ".title"), doc:t("type." .. column[2]), doc:t(key .. ".description", { k = k }) }
      end
      metadata.tables[#metadata.tables + 1] = {
        url = file, ["dc:title"] = described(doc, "table." .. spec.name .. ".title"),
        ["dc:description"] = described(doc, "table." .. spec.name .. ".description", { k = k }),
        tableSchema = { columns = columns, primaryKey = spec.name ~= "participation" and "id" or nil },
      }

      doc:heading(2, doc:t("table." .. spec.name .. ".title") .. " (" .. file .. ")")
      doc:paragraph(doc:t("table." .. spec.name .. ".description", { k = k }) .. " " .. doc:t("rows", { count = #rows }))
      doc:table { columns = { doc:t("dict.column"), doc:t("dict.title"), doc:t("dict.type"), doc:t("dict.meaning") }, rows = dictionary }
    end
    doc:json("open-data.json", json)
    doc:json("csv-metadata.json", metadata)
  end,
}
