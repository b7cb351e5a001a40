"""Builds docs/RELIABILITY.md from the JSON lines the reliability tests append (one per scenario and
server) and the log of scripts/reliability (one `name|passed-or-FAILED|seconds` line per test run).

Usage: reliability_report.py FIGURES LOG COMMAND SECONDS REDIS_VERSION VALKEY_VERSION [OUTPUT]

With OUTPUT, the report is written there, and whatever followed the findings marker in the file it
replaces is kept (the findings are written by hand; the figures are measured); else it is printed.
"""
import io
import json
import os
import platform
import subprocess
import sys
from collections import OrderedDict

figures_path, log_path, command, seconds, redis_version, valkey_version = sys.argv[1:7]
output_path = sys.argv[7] if len(sys.argv) > 7 else None
MARKER = "<!-- findings: written by hand, kept by scripts/reliability -->"
kept = ""
if output_path and os.path.exists(output_path):
    with open(output_path) as previous:
        text = previous.read()
    if MARKER in text:
        kept = text[text.index(MARKER):]
report = io.StringIO()
real_stdout = sys.stdout
sys.stdout = report

rows = OrderedDict()
with open(figures_path) as figures:
    for line in figures:
        line = line.strip()
        if not line:
            continue
        entry = json.loads(line)
        key = (entry["scenario"], entry["server"])
        row = rows.setdefault(key, {"runs": 0, "keysChecked": 0, "acknowledgedWrites": 0, "unknownWrites": 0,
                                    "keysLost": 0, "refusals": 0, "notes": ""})
        for field in ("runs", "keysChecked", "acknowledgedWrites", "unknownWrites", "keysLost", "refusals"):
            row[field] += entry.get(field, 0)
        if entry.get("notes"):
            row["notes"] = entry["notes"]

runs = []
with open(log_path) as log:
    for line in log:
        name, outcome, duration = line.strip().split("|")
        runs.append((name, outcome, int(duration)))

commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
lost = sum(row["keysLost"] for (scenario, _), row in rows.items() if not scenario.startswith("fuzzing"))


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


print("# Reliability")
print()
print("Figures measured by `scripts/reliability` (the long form of the reliability suite; the quick form of")
print("every scenario runs inside `swift test`, so `scripts/test` runs it on both servers). Every run counts")
print("the keys and checks their values before and after, reading every master itself (SCAN and GET), never")
print("through redis-trib.")
print()
print(f"- Command: `{command}`")
print(f"- Commit: `{commit}`; servers: {redis_version} and {valkey_version}; {platform.system()} {platform.machine()}, {cores} cores")
print(f"- Wall time: {int(seconds) // 60} min {int(seconds) % 60} s")
for name, outcome, duration in runs:
    print(f"- {name}: {outcome} ({duration} s)")
failed = [name for name, outcome, _ in runs if outcome != "passed"]
if failed:
    # A scenario that failed may have stopped before writing its figures: the sum is not a verdict.
    print(f"- Keys lost over the scenarios that wrote figures: **{lost}**; {len(failed)} test run(s) FAILED "
          "(a failed scenario may have written no figures, and an expectation that failed is not a count)")
else:
    print(f"- Keys lost over all scenarios: **{lost}**")
print()
print("## Figures")
print()
print("| Scenario | Server | Runs | Keys checked | Acknowledged writes checked | Unknown outcome | Keys lost | Refusals | Notes |")
print("|---|---|---:|---:|---:|---:|---:|---:|---|")
order = {}
for scenario, _ in rows:
    order.setdefault(scenario.split(":")[0], len(order))
for (scenario, server), row in sorted(rows.items(), key=lambda item: (order[item[0][0].split(":")[0]], item[0][0], item[0][1])):
    print(f"| {cell(scenario)} | {cell(server)} | {row['runs']} | {row['keysChecked']} | {row['acknowledgedWrites']} | "
          f"{row['unknownWrites']} | {row['keysLost']} | {row['refusals']} | {cell(row['notes'])} |")
print()
print("""## What the columns mean

- **Runs**: runs of the scenario; for *tool killed*, the times the tool was SIGKILLed mid-operation
  (a point the operation finished before is not counted, but its recovery is checked all the same);
  for fuzzing, the inputs tried; for bad input, the inputs tried.
- **Keys checked**: keys whose presence on their slot's owner and whose value were checked after each
  run (summed over runs); counters count once per run.
- **Acknowledged writes checked**: SETs and INCRs the cluster acknowledged to the cluster-aware writer
  while the operation ran; each SET must be there with its value, each counter must be at least its
  acknowledged INCRs and at most those plus the unknown ones.
- **Unknown outcome**: writes whose connection failed after the command was sent (allowed either way).
- **Keys lost**: keys missing, with a wrong value, only on a master that does not own their slot, or
  counters out of bounds. For fuzzing: inputs that crashed the invariants (whole and split parses
  differing, an error without a message or a location). Must be 0.
- **Refusals**: operations that exited non-zero (a racing operation refused, a killed node reported,
  a rerun finding the work done); for fuzzing and bad input, the inputs rejected with a located error.

## The scenarios

- **Concurrent writes**: `ClusterWriter` (Tests/IntegrationTests/Reliability) keeps a slot map from
  `CLUSTER SLOTS`, follows `MOVED` and `ASK`, backs off on `TRYAGAIN`/`CLUSTERDOWN`, and writes SETs of
  fresh keys and INCRs of 4 counters during `migrate_slots` there and back, `fix` of a half-done move,
  `join`, `quit` and `rescue` (a master SIGKILLed first; its own keys are gone by design and not counted).
  Even runs let Valkey move slots atomically, odd runs move key by key.
- **Tool killed**: the built binary runs with `-v`; it is SIGKILLed after `SETSLOT … IMPORTING`, after
  `SETSLOT … MIGRATING`, at the third `MIGRATE`, after the first `SETSLOT … NODE`, or at a random time,
  during `migrate_slots`, `join`, `quit` and `fix`; then `fix` and a rerun of the command, and the
  checks: no slot open on any node, no key lost, the cluster settled.
- **Nodes failing**: the source or the target is SIGKILLed (restarted from its folder, AOF with
  `appendfsync always`) or SIGSTOPped (then continued) at the third `MIGRATE`; the tool must exit 1
  naming the failed node (`--command-timeout 1`, `--migrate-timeout 1000`); `fix` then finishes, no key lost.
- **Races**: two binaries started together on the same slots: two `migrate_slots` from one source to two
  targets (exactly one succeeds, the slots end on one node), `migrate_slots` against `fix`, `join`
  against `migrate_slots`; a `fix` afterwards when one failed; no key lost, the cluster healthy.
- **Guarded moves and dry runs**: another tool opens a slot of a later group towards a third node
  while a 400-slot move runs (the move must stop before that group, and `fix` and a rerun finish
  with no key lost); on Valkey with `cluster-databases 4`, the keys of every database move with the
  tool killed mid-batch and at a random time; and a `--dry-run` of every changing command
  (`migrate_slots`, `join`, `join_no_load`, `replicate`, `quit`, `fix`, `execute CONFIG SET`,
  `execute FLUSHALL`) makes the servers run only reads, by their own `INFO commandstats`, and
  changes no configuration and no key.
- **Bad input**: the table in `BadInputCatalogue.swift`, run against a cluster with a replica, a free
  node, a node of another cluster, a server without cluster mode and a dead port; each entry's exit
  status and message are checked, and every node's configuration is compared before and after.
- **Fuzzing**: the RESP parser (valid replies round-trip; mutated ones give the same outcome whole and
  split into pieces), the language lexer and parser (diagnostics located inside the input), and the
  command-argument parser of every command (usage errors that name the culprit). Seeded, so a failure
  reproduces.""")

sys.stdout = real_stdout
text = report.getvalue()
if kept:
    text += "\n" + kept
if output_path:
    with open(output_path, "w") as output:
        output.write(text if text.endswith("\n") else text + "\n")
else:
    sys.stdout.write(text)
