# shellcheck shell=bash disable=SC2154
# Sourced by the dataset_*.sh evidence scripts (needs $project): review STUDY-ID AXIAL-SLICES... marks those
# axial slices reviewed in the project's manifest, as the app's M key would.
review() {
  /usr/bin/python3 - "$project/project.json" "$@" <<'PY'
import json, sys
path, sid, slices = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3:]]
p = json.load(open(path))
for s in p["studies"]:
    if s["id"] == sid:
        s["reviewed"]["2"] = sorted(set(s["reviewed"].get("2", []) + slices))
json.dump(p, open(path, "w"), indent=2)
PY
}
