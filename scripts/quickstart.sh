#!/usr/bin/env bash
# A real example consultation, end to end: a workspace with participants and stories, a story
# circle run from its inputs file (stories → themes → dot vote → decision → commitments), a
# consent withdrawal that takes effect at once, a decision and a commitment followed through
# to "we did", the feedback published to close the loop, and decisions counted from real
# ballot files with the bundled Lua voting rules, explained round by round and rendered as a
# report.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
scripts/ensure-deps.sh
echo "== building coprod (the first build takes a few minutes)"
swift build --product coprod 2>&1 | grep -E "error:|Build complete" || true
COPROD="$ROOT/.build/debug/coprod"
test -x "$COPROD"
run() {  # shows the command as one would type it (quoting arguments with spaces), then runs it
  local shown=() a
  for a in "$@"; do [[ $a == *" "* ]] && shown+=("\"$a\"") || shown+=("$a"); done
  echo; echo "\$ coprod ${shown[*]}"; "$COPROD" "$@"
}

# COPROD_EXAMPLE_DIR chooses where the example workspace goes (scripts/screenshots.sh uses it).
WS="${COPROD_EXAMPLE_DIR:-$(mktemp -d /tmp/coprod-example.XXXXXX)}/housing-repairs"
run init "$WS" --name "Housing repairs: what matters to tenants"
cd "$WS"
run consultation set --question "How should we put right repairs that go wrong the first time?" \
  --purpose "To agree with tenants the repairs standards the Housing Committee adopts in July 2026" \
  --ladder co-design --spectrum collaborate --opens 2026-03-02 --closes 2026-05-24 \
  --formative-stage "No standard has been chosen yet; the three options in the paper are all open"
run consultation show
run participants import "$ROOT/examples/workspace/participants.csv"
run contributions import "$ROOT/examples/workspace/stories.csv"
run participants count --by perspective
# A story circle on the day: rehearse it, then record it from its inputs file (people, stories,
# themes drawn from them, a dot vote, the decision and commitments).
run run story-circle --dry-run --people 16 --seed 7
run run story-circle --inputs "$ROOT/examples/sessions/story-circle.yaml"
run sessions show s1
run consent withdraw p004
run contributions list
run report you-said
run tally "$ROOT/examples/ballots/consent-tenants-panel.csv" --rule consent --format json --out panel.json
run decisions record --tally panel.json --outcome partly-accepted --decided-by "Tenants' panel" \
  --rationale "Two proposals passed with no reasoned objection; text updates went back for amendment" \
  --reasons "Later opening needs the union's agreement first; we will ask in July" --date 2026-06-10
run commitments add "Answer the phone in Welsh" --owner "Customer services" --due 2026-09-30 --decision d2
run commitments update k3 --status done --note "Open 9 to 5 on weekdays" --date 2026-09-01 \
  --evidence "The Welsh line opened on 1 September" --evidence-at "https://example.org/welsh-line"
run commitments list
run report you-said
run report you-said --out you-said.md
run feedback record --title "You said, we did: housing repairs" --channel "Tenants' newsletter, September 2026" \
  --file you-said.md --date 2026-09-15
run feedback list
run report health
# Welsh first: the same feedback in Welsh (the Welsh Language Standards ask that Welsh is not
# treated less favourably), bilingual for the newsletter, a decision record for the committee
# paper and the workspace as open data.
run report you-said --lang cy --format html --out you-said.cy.html
run report you-said --lang cy+en --out you-said.cy-en.md
run report decision-record --option decision=d2 --out decision-d2.md
run report open-data --out open-data
echo "(wrote $WS/you-said.cy.html, $WS/you-said.cy-en.md, $WS/decision-d2.md and the folder $WS/open-data)"
run verify
cd "$ROOT"
run plugins list
run tally examples/ballots/burlington-2006-mayor.toi --rule irv
run tally examples/ballots/glasgow-2007-ward1.soi --rule stv --seats 4 --format markdown
run tally examples/ballots/consent-tenants-panel.csv --rule consent
run tally examples/ballots/assen-2024.pb --rule pb-mes --format json --out "$WS/assen.json"
echo "(wrote $WS/assen.json)"
run report plugins/tally-summary --data "$WS/assen.json"
# The reports people publish: one self-contained, accessible HTML page each, with charts.
run report you-said --workspace "$WS" --format html --out "$WS/you-said.html"
run report health --workspace "$WS" --format html --out "$WS/health.html"
echo
echo "HTML reports, ready to publish (open them in a browser):"
echo "  $WS/you-said.html"
echo "  $WS/health.html"
echo "  $WS/you-said.cy.html (Cymraeg)"
echo
echo "Done. The workspace is in $WS; try: cd $WS && $COPROD log"
