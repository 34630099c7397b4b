#!/usr/bin/env python3
"""tst_clang_tidy_cache: packaging/clang-tidy.py on a small fixture tree, with the real clang-tidy and clang++.

What it shows (expected values are written here by hand: which fixture unit has which finding):
  - a finding is an error (exit 1, the unit named) and is never cached; a clean unit is cached and a second run
    takes it from the cache;
  - the cache key covers what clang-tidy sees: a changed included header, a NOLINT comment removed (comments
    are in the key), an unused macro definition (bugprone-macro-parentheses sees #defines) and a changed
    .clang-tidy each make the unit be checked again;
  - the same tree in another folder hits the same entries (the checkout's path is not in the key);
  - a unit including a LibTorch header (c10/) is excluded and counted; a unit whose ITK header refuses clang
    is checked with packaging/tidy/itk-clang.h;
  - a deadline that has passed leaves units unchecked, names them, exits 0, and 3 with --require-complete;
  - --folders core,ui,app (CI's set) leaves a tests/ unit out: its finding neither fails the run nor is named,
    and the summary names the set; without --folders the same finding fails the run;
  - each checked unit's line and the summary give CPU seconds;
  - a clang-tidy that runs past --unit-timeout is stopped and its unit named as unchecked, not failed (exit 0).
Without clang-tidy or clang++ it exits 77 (CTest: skipped); with DELINEATE_REQUIRE_DATA=1 that is a failure.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "clang-tidy.py"
CONFIG = "Checks: '-*,modernize-use-nullptr,bugprone-macro-parentheses'\nWarningsAsErrors: '*'\n"
SOURCES = {
    "core/a/include/a/Header.h": "#pragma once\ninline int twice(int x) { return 2 * x; }\n",
    "core/a/src/Clean.cpp": '#include "a/Header.h"\nint* none() { return nullptr; }\n',
    "core/a/src/Suppressed.cpp": "int* zero() { return 0; } // NOLINT(modernize-use-nullptr)\n",
    "core/a/src/Finding.cpp": "int* zero() { return 0; }\n",
    "core/a/src/UsesTorch.cpp": '#include <c10/Fake.h>\nint* none() { return 0; }\n',
    "core/a/src/UsesItk.cpp": "#include <itk_compiler_detection.h>\nint* none() { return ITK_NULLPTR; }\n",
    "third/c10/Fake.h": "#pragma once\n",
    # Stands in for Debian's ITK 5.2 header, which refuses clang the same way.
    "third/itk_compiler_detection.h": "#ifndef ITK_COMPILER_DETECTION_H\n#error Unsupported compiler\n#endif\n",
    "build/a_autogen/mocs.cpp": "int* generated() { return 0; }\n",
}
failures = []


def require_tools():
    missing = [tool for tool in ("clang-tidy", "clang++") if shutil.which(tool) is None]
    if missing:
        reason = "%s not installed (packaging/install-deps.sh installs them)" % " and ".join(missing)
        if os.environ.get("DELINEATE_REQUIRE_DATA", "0") not in ("", "0"):
            sys.exit("FAIL: DELINEATE_REQUIRE_DATA is set, so this skip fails: " + reason)
        print("SKIP: " + reason)
        sys.exit(77)


def make_tree(root):
    (root / "packaging").mkdir(parents=True)
    shutil.copy(SCRIPT, root / "packaging" / "clang-tidy.py")
    shutil.copytree(SCRIPT.parent / "tidy", root / "packaging" / "tidy")
    (root / ".clang-tidy").write_text(CONFIG)
    for name, text in SOURCES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    write_database(root)


def write_database(root):
    entries = []
    for name in SOURCES:
        if name.endswith(".cpp"):
            command = "/usr/bin/c++ -I%s/core/a/include -isystem %s/third -std=c++20 -o x.o -c %s/%s" % (
                root, root, root, name)
            entries.append({"directory": str(root / "build"), "command": command, "file": str(root / name)})
    (root / "build" / "compile_commands.json").write_text(json.dumps(entries))


def tidy(root, cache, *arguments, **environment):
    run = subprocess.run([sys.executable, str(root / "packaging" / "clang-tidy.py"), str(root / "build"),
                          "--jobs", "2", *arguments], capture_output=True, text=True,
                         env=dict(os.environ, DELINEATE_TIDY_CACHE=str(cache), **environment))
    return run.returncode, run.stdout + run.stderr


def expect(what, condition, output):
    print(("PASS: " if condition else "FAIL: ") + what)
    if not condition:
        failures.append(what)
        print(output)


def counts(output):
    """(cached, checked clean, with findings, unchecked, LibTorch excluded) from the summary line."""
    line = re.search(r"(\d+) clean from the cache, (\d+) checked now and clean, (\d+) with findings, "
                     r"\d+ failed, (\d+) left unchecked \(\d+ s, \d+ s CPU\); (\d+) LibTorch", output)
    return tuple(int(g) for g in line.groups()) if line else None


def edit(root, name, text):
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text)


def main():
    require_tools()
    with tempfile.TemporaryDirectory() as folder:
        root, cache = Path(folder) / "tree", Path(folder) / "cache"
        make_tree(root)
        code, out = tidy(root, cache)
        expect("cold run: Finding.cpp fails, Clean, Suppressed and UsesItk (with the ITK shim) are clean, "
               "UsesTorch excluded, build/ ignored, each checked unit's line gives its CPU seconds",
               code == 1 and counts(out) == (0, 3, 1, 0, 1) and "FINDINGS: core/a/src/Finding.cpp" in out
               and "mocs.cpp" not in out
               and len(re.findall(r"\] clean core/a/src/\w+\.cpp \(\d+ s, \d+ s CPU\)", out)) == 3, out)
        code, out = tidy(root, cache)
        expect("warm run: the three clean units come from the cache, the finding is checked again",
               code == 1 and counts(out) == (3, 0, 1, 0, 1), out)
        edit(root, "core/a/src/Finding.cpp", "int* zero() { return nullptr; }\n")
        edit(root, "core/a/include/a/Header.h", "#pragma once\ninline int* twice() { return 0; }\n")
        code, out = tidy(root, cache)
        expect("a finding in an included header makes its cached unit fail",
               code == 1 and counts(out) == (2, 1, 1, 0, 1) and "FINDINGS: core/a/src/Clean.cpp" in out
               and "Header.h:2" in out, out)
        edit(root, "core/a/include/a/Header.h", SOURCES["core/a/include/a/Header.h"])
        code, out = tidy(root, cache)
        expect("the header put back: its old clean entry hits again", code == 0 and counts(out) == (4, 0, 0, 0, 1), out)
        edit(root, "core/a/src/Suppressed.cpp", "int* zero() { return 0; } // no suppression\n")
        edit(root, "core/a/src/Clean.cpp", SOURCES["core/a/src/Clean.cpp"] + "#define ADD(a, b) a + b\n")
        code, out = tidy(root, cache)
        expect("a NOLINT removed and an unused macro added are both seen (comments and #defines are in the key)",
               code == 1 and counts(out) == (2, 0, 2, 0, 1), out)
        for name in ("core/a/src/Suppressed.cpp", "core/a/src/Clean.cpp"):
            edit(root, name, SOURCES[name])
        moved = Path(folder) / "elsewhere" / "clone"
        shutil.copytree(root, moved)
        write_database(moved)
        code, out = tidy(moved, cache)
        expect("the same tree in another folder takes every unit from the cache",
               code == 0 and counts(out) == (4, 0, 0, 0, 1), out)
        edit(root, ".clang-tidy", CONFIG + "# changed\n")
        code, out = tidy(root, cache)
        expect("a changed .clang-tidy checks every unit again", code == 0 and counts(out) == (0, 4, 0, 0, 1), out)
        edit(root, ".clang-tidy", CONFIG + "# changed again\n")
        code, out = tidy(root, cache, "--deadline", "1")
        expect("a past deadline: nothing checked, every unit named as unchecked, exit 0",
               code == 0 and counts(out) == (0, 0, 0, 5, 0) and out.count("UNCHECKED: core/a/src/") == 5, out)
        code, out = tidy(root, cache, "--deadline", "1", "--require-complete")
        expect("a past deadline with --require-complete: exit 3", code == 3, out)
        edit(root, "tests/t/Finding.cpp", "int* zero() { return 0; }\n")
        SOURCES["tests/t/Finding.cpp"] = "int* zero() { return 0; }\n"
        write_database(root)
        code, out = tidy(root, cache, "--folders", "core,ui,app")
        expect("--folders core,ui,app: the tests/ unit's finding is not checked; the core units are clean",
               code == 0 and counts(out) == (0, 4, 0, 0, 1) and "tests/t" not in out
               and "units of core,ui,app to check" in out, out)
        code, out = tidy(root, cache)
        expect("every folder (the default): the tests/ unit's finding fails the run",
               code == 1 and counts(out) == (4, 0, 1, 0, 1) and "FINDINGS: tests/t/Finding.cpp" in out, out)
        # A clang-tidy that hangs: answers --version as the real one, otherwise sleeps.
        hanging = Path(folder) / "hanging-clang-tidy"
        hanging.write_text('#!/bin/sh\n[ "$1" = --version ] && exec clang-tidy --version\nexec sleep 60\n')
        hanging.chmod(0o755)
        code, out = tidy(root, Path(folder) / "empty-cache", str(root / "core/a/src/Clean.cpp"), "--unit-timeout", "2",
                         CLANG_TIDY=str(hanging))
        expect("a unit past --unit-timeout is stopped and named as unchecked, not failed (exit 0)",
               code == 0 and counts(out) == (0, 0, 0, 1, 0) and "UNCHECKED: core/a/src/Clean.cpp" in out
               and "stopped after 2 s" in out, out)
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
