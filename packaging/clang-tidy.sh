#!/usr/bin/env bash
# clang-tidy with the project's .clang-tidy (findings are errors) over our own sources, never build/ or moc
# output, with the compile commands of a build folder.
#
#   packaging/clang-tidy.sh BUILD_DIR            the .cpp files changed since the merge base with main
#                                                (committed or not), as CI runs it
#   packaging/clang-tidy.sh BUILD_DIR --all      every translation unit of ours
#   packaging/clang-tidy.sh BUILD_DIR FILE...    these files
#
# Why only the changed files in CI: on the 2-core VM (clang-tidy 14, a load of ~20 from parallel builds) one
# translation unit took 89 s (core/base/src/AtomicFile.cpp; 214 s with clang-analyzer-*), mostly matching
# inside Qt / LibTorch / ITK headers; our 268 units would take hours.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: packaging/clang-tidy.sh BUILD_DIR [--all | FILE...]}
shift
root=$PWD
db="$build/clang-tidy"
mkdir -p "$db"
# Our translation units only, without CMake's precompiled header (GCC's .gch is not clang's).
python3 - "$build/compile_commands.json" "$db/compile_commands.json" "$root" <<'PY'
import json, os, shlex, sys
source, target, root = sys.argv[1:4]
kept = []
for entry in json.load(open(source)):
    relative = os.path.relpath(entry["file"], root)
    if relative.startswith(("build/", "..")) or relative.split("/")[0] not in ("core", "ui", "app", "tests", "benchmarks"):
        continue
    args, skip = [], False
    words = shlex.split(entry["command"])
    for i, word in enumerate(words):
        if skip:
            skip = False
        elif word == "-include" and i + 1 < len(words) and "cmake_pch" in words[i + 1]:
            skip = True
        elif word != "-Winvalid-pch":
            args.append(word)
    kept.append(dict(entry, command=" ".join(shlex.quote(a) for a in args)))
json.dump(kept, open(target, "w"), indent=1)
PY
mapfile -t ours < <(python3 -c 'import json,sys; [print(e["file"]) for e in json.load(open(sys.argv[1]))]' "$db/compile_commands.json")
files=()
if [ "${1:-}" = "--all" ]; then
  files=("${ours[@]}")
elif [ $# -gt 0 ]; then
  for f in "$@"; do files+=("$(realpath "$f")"); done
else
  base=$(git merge-base HEAD main 2>/dev/null || git merge-base HEAD origin/main 2>/dev/null || git rev-parse HEAD)
  mapfile -t changed < <({ git diff --name-only "$base" -- '*.cpp'; git ls-files --others --exclude-standard -- '*.cpp'; } | sort -u)
  for f in "${changed[@]}"; do
    for o in "${ours[@]}"; do
      if [ "$o" = "$root/$f" ]; then files+=("$o"); fi
    done
  done
  if [ ${#files[@]} -eq 0 ]; then
    echo "clang-tidy: no translation unit of ours changed since $(git rev-parse --short "$base"); nothing to check"
    exit 0
  fi
fi
echo "clang-tidy: ${#files[@]} translation unit(s)"
patterns=()
for f in "${files[@]}"; do patterns+=("^${f}\$"); done
started=$(date +%s)
run-clang-tidy -p "$db" -j 2 -quiet -header-filter="^$root/(core|ui|app|tests|benchmarks)/" "${patterns[@]}"
echo "clang-tidy: clean, $(( $(date +%s) - started )) s"
