#!/usr/bin/env python3
"""clang-tidy over every translation unit of ours, incremental, with a deadline (packaging/clang-tidy.sh).

A unit is one source file of core/, ui/, app/, tests/ or benchmarks/ in BUILD_DIR/compile_commands.json
(never build/: moc, uic and rcc output); --folders core,ui,app keeps those folders' units only (CI's set:
.ci/run says why). For each unit it runs `clang++ -E -dD -C` with the unit's flags
(every compile command the build has for that file), then:

  - LibTorch units are excluded: a unit whose preprocessed text holds a header of c10/ or ATen/. Why: Debian's
    LibTorch 1.13 headers do not parse with clang 14 on GCC 12's libstdc++ (clang-diagnostic-error,
    c10::IValue incomplete, an is_destructible static_assert), and one such unit takes 2-3 minutes of
    clang-tidy. The README says what checking them against LibTorch 2.x would cost.
  - a unit that includes ITK gets -include packaging/tidy/itk-clang.h: Debian's ITK 5.2 refuses any compiler
    but GCC (itk_compiler_detection.h: "#error Unsupported compiler"); the shim defines that header's macros
    as its GCC branch does.
  - the result cache: a unit whose key (SHA-256 of the preprocessed text with comments and #defines, its
    compile commands, every .clang-tidy and the clang-tidy and clang versions; the checkout's path is replaced
    by a placeholder, so a fresh clone elsewhere hits the same entries) is in the cache was clean before
    and is not checked again. Only clean results are stored; a unit with findings is checked on every run.
  - otherwise clang-tidy checks it; any finding is an error (.clang-tidy: WarningsAsErrors).

The cache lives in ${DELINEATE_TIDY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/delineate-tidy}, beside ccache's
default place; an entry unused for 30 days is removed. With --deadline EPOCH no unit starts after that time
(the ones running then finish), and a unit that runs longer than --unit-timeout is stopped; the units left
unchecked are counted and named, and --require-complete makes them fail the run (exit 3). Exit 1: findings,
or a unit that could not be preprocessed or checked.

Each checked unit's line gives its clang-tidy wall and CPU seconds (user + system of the process), and the
summary the CPU seconds of the whole pass (clang++ -E and clang-tidy): on a shared machine the CPU seconds,
not the wall time, say what the pass costs.
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import resource
import shlex
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

OUR_FOLDERS = ("core", "ui", "app", "tests", "benchmarks")
TORCH_HEADER = re.compile(rb'^# \d+ "[^"\n]*/(?:c10|ATen)/', re.M)
FINDING = re.compile(r"^[^\s:][^:]*:\d+:\d+: (?:warning|error): ", re.M)
CACHE_DAYS = 30
# Units that are not checked, each with its reason (printed in every summary).
NOT_CHECKED = {
    "tests/layering/PrivateHeaderProbe.cpp": "made not to compile (tst_layering_private_header)",
}
RULED_OUT = set()  # the NOT_CHECKED units this build has
KEY_VERSION = b"delineate-tidy 1\0"
# Debian's ITK 5.2 generated its compiler check for GCC only; packaging/tidy/itk-clang.h stands in for it.
ITK_REFUSAL = re.compile(rb"itk_compiler_detection\.h:\d+:\d+: error: Unsupported compiler")
ITK_SHIM = Path("packaging/tidy/itk-clang.h")


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build", help="build folder with compile_commands.json (and its generated Qt sources)")
    parser.add_argument("files", nargs="*", help="check only these sources (default: every unit of ours)")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--deadline", type=float, help="seconds since the epoch: no unit starts after it")
    parser.add_argument("--require-complete", action="store_true", help="units left unchecked fail the run")
    parser.add_argument("--no-cache", action="store_true", help="check every unit (still records clean ones)")
    parser.add_argument("--include-torch", action="store_true", help="check the LibTorch units too")
    parser.add_argument("--unit-timeout", type=float, default=1200,
                        help="seconds for one unit; a unit stopped by it is left unchecked (default 1200)")
    parser.add_argument("--folders", default=",".join(OUR_FOLDERS),
                        help="comma-separated top folders whose units are checked (default: %(default)s)")
    options = parser.parse_intermixed_args()
    options.folders = tuple(folder for folder in options.folders.split(",") if folder)
    unknown = set(options.folders) - set(OUR_FOLDERS)
    if unknown or not options.folders:
        parser.error("--folders takes some of %s" % ",".join(OUR_FOLDERS))
    return options


def run_measured(command, timeout=None):
    """(exit code or None when stopped by the timeout, stdout bytes, stderr bytes, CPU seconds of the process)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err)
        killed = threading.Event()

        def stop():
            killed.set()
            process.kill()

        timer = threading.Timer(timeout, stop) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            if timer:
                timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        code = None if killed.is_set() else process.returncode
        return code, out.read(), err.read(), usage.ru_utime + usage.ru_stime


def compile_arguments(command):
    """The compiler's arguments without CMake's precompiled header (GCC's .gch is not clang's)."""
    words, kept, skip = shlex.split(command), [], False
    for index, word in enumerate(words):
        if skip:
            skip = False
        elif word == "-include" and index + 1 < len(words) and "cmake_pch" in words[index + 1]:
            skip = True
        elif word != "-Winvalid-pch":
            kept.append(word)
    return kept


def our_units(build, root, folders):
    """{absolute source path: [compile argument lists]} for our sources in `folders`; writes the database
    clang-tidy reads."""
    units, kept = {}, []
    for entry in json.loads((build / "compile_commands.json").read_text()):
        relative = os.path.relpath(entry["file"], root)
        if relative.split(os.sep)[0] not in folders:
            continue
        if relative in NOT_CHECKED:
            RULED_OUT.add(relative)
            continue
            continue
        arguments = compile_arguments(entry["command"])
        kept.append(dict(entry, command=shlex.join(arguments)))
        units.setdefault(entry["file"], []).append(arguments)
    database = build / "clang-tidy"
    database.mkdir(exist_ok=True)
    (database / "compile_commands.json").write_text(json.dumps(kept, indent=1))
    return units, database


def preprocessor_arguments(arguments, source):
    """clang++ -E -dD -C with the unit's flags: the text includes comments (NOLINT) and macro definitions."""
    kept, skip = [], False
    for word in arguments[1:]:
        if skip:
            skip = False
        elif word == "-o":
            skip = True
        elif word != "-c" and word != source:
            kept.append(word)
    return [os.environ.get("CLANGXX", "clang++"), "-E", "-dD", "-C", *kept, source, "-o", "-"]


def tool_versions(root):
    versions = b""
    for tool in (os.environ.get("CLANG_TIDY", "clang-tidy"), os.environ.get("CLANGXX", "clang++")):
        versions += subprocess.run([tool, "--version"], capture_output=True, check=True).stdout
    configs = sorted(root.glob(".clang-tidy")) + sorted(
        p for folder in OUR_FOLDERS if (root / folder).is_dir() for p in (root / folder).rglob(".clang-tidy"))
    for config in configs:
        versions += str(config.relative_to(root)).encode() + b"\0" + config.read_bytes()
    return versions


class Checker:
    def __init__(self, options, root, database, cache):
        self.options, self.root, self.database, self.cache = options, root, database, cache
        self.header_filter = "^%s/(%s)/" % (re.escape(str(root)), "|".join(OUR_FOLDERS))
        self.base_key = KEY_VERSION + tool_versions(root) + "|".join(OUR_FOLDERS).encode() + b"\0"

    def late(self):
        return self.options.deadline is not None and time.time() >= self.options.deadline

    def preprocess(self, source, arguments):
        """(text, extra arguments): an ITK unit that stops at ITK's GCC-only compiler check gets the shim."""
        run = subprocess.run(preprocessor_arguments(arguments, source), capture_output=True)
        if run.returncode != 0 and ITK_REFUSAL.search(run.stderr):
            extra = ["-include", str(self.root / ITK_SHIM)]
            run = subprocess.run(preprocessor_arguments(arguments[:1] + extra + arguments[1:], source),
                                 capture_output=True)
            if run.returncode == 0:
                return run.stdout, extra
        if run.returncode != 0:
            lines = run.stderr.decode(errors="replace").strip().splitlines()
            errors = [line for line in lines if " error: " in line or line.startswith("error:")]
            raise RuntimeError((errors or lines or ["clang++ -E exit %d" % run.returncode])[0])
        return run.stdout, []

    def key(self, source, commands):
        """(cache key, LibTorch unit?, extra arguments) or raises RuntimeError with the preprocessor's error."""
        digest, root = hashlib.sha256(self.base_key), str(self.root).encode()
        torch, extra = False, []
        for arguments in commands:
            text, extra = self.preprocess(source, arguments)
            torch = torch or TORCH_HEADER.search(text) is not None
            digest.update(shlex.join(extra + arguments).encode().replace(root, b"<root>") + b"\0")
            digest.update(text.replace(root, b"<root>") + b"\0")
        return digest.hexdigest(), torch, extra

    def entry(self, key):
        return self.cache / key[:2] / key

    def tidy(self, source, extra):
        command = [os.environ.get("CLANG_TIDY", "clang-tidy"), "-p", str(self.database), "-quiet",
                   "--header-filter=" + self.header_filter, *("--extra-arg-before=" + a for a in extra), source]
        code, out, err, cpu = run_measured(command, self.options.unit_timeout)
        if code is None:
            return "unchecked", cpu, "clang-tidy stopped after %d s (--unit-timeout)" % self.options.unit_timeout
        output = (out + err).decode(errors="replace")
        clean = code == 0 and not FINDING.search(output)
        return ("clean" if clean else "findings"), cpu, "" if clean else output.strip()

    def record(self, key, source, seconds, cpu):
        path = self.entry(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_name(path.name + ".%d.tmp" % os.getpid())
        staging.write_text(json.dumps({"file": os.path.relpath(source, self.root), "seconds": round(seconds, 1),
                                       "cpu_seconds": round(cpu, 1),
                                       "checked": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}) + "\n")
        os.replace(staging, path)

    def check(self, source, commands):
        """(state, wall seconds, CPU seconds, detail) of clang-tidy; state: clean, cached, findings, failed, torch
        or unchecked."""
        if self.late():
            return "unchecked", 0.0, 0.0, ""
        try:
            key, torch, extra = self.key(source, commands)
        except (RuntimeError, OSError) as error:
            return "failed", 0.0, 0.0, "cannot preprocess: %s" % error
        if torch and not self.options.include_torch:
            return "torch", 0.0, 0.0, ""
        if not self.options.no_cache and self.entry(key).exists():
            os.utime(self.entry(key))
            return "cached", 0.0, 0.0, ""
        if self.late():
            return "unchecked", 0.0, 0.0, ""
        started = time.monotonic()
        state, cpu, detail = self.tidy(source, extra)
        seconds = time.monotonic() - started
        if state == "clean":
            self.record(key, source, seconds, cpu)
        return state, seconds, cpu, detail


def changed_first(root, sources):
    """The sources changed since the merge base with main first (a developer's edits get checked soonest)."""
    changed = set()
    for ref in ("main", "origin/main"):
        base = subprocess.run(["git", "merge-base", "HEAD", ref], cwd=root, capture_output=True, text=True)
        if base.returncode == 0:
            names = subprocess.run(["git", "diff", "--name-only", base.stdout.strip()], cwd=root,
                                   capture_output=True, text=True).stdout.split()
            changed = {str(root / name) for name in names}
            break
    return sorted(sources, key=lambda source: (source not in changed, source))


def prune(cache):
    """Removes entries nobody used for CACHE_DAYS (each hit refreshes its entry's time)."""
    oldest = time.time() - CACHE_DAYS * 86400
    for path in cache.glob("??/*"):
        try:
            if path.stat().st_mtime < oldest:
                path.unlink()
        except OSError:
            pass


def selected_units(options, units, root):
    if not options.files:
        return changed_first(root, list(units))
    chosen = []
    for name in options.files:
        source = str(Path(name).resolve())
        if source not in units:
            sys.exit("clang-tidy: %s is not a translation unit of ours in %s" % (name, options.build))
        chosen.append(source)
    return chosen


def run_all(checker, sources, units, jobs):
    results, done = {}, 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(checker.check, source, units[source]): source for source in sources}
        for future in concurrent.futures.as_completed(futures):
            source, (state, seconds, cpu, detail) = futures[future], future.result()
            results[source] = state
            done += 1
            name = os.path.relpath(source, checker.root)
            if state in ("clean", "findings", "failed") or seconds:
                print("clang-tidy: [%d/%d] %s %s (%.0f s, %.0f s CPU)" % (done, len(sources), state, name, seconds,
                                                                        cpu), flush=True)
            if detail:
                print(detail, flush=True)
    return results


def summarize(results, root, started, cpu_started, options):
    def named(state):
        return sorted(os.path.relpath(source, root) for source, got in results.items() if got == state)

    counts = {state: len(named(state)) for state in
              ("cached", "clean", "findings", "failed", "torch", "unchecked")}
    checked = len(results) - counts["torch"]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = children.ru_utime + children.ru_stime - cpu_started
    print("clang-tidy: %d units of %s to check: %d clean from the cache, %d checked now and clean, "
          "%d with findings, %d failed, %d left unchecked (%d s, %d s CPU); %d LibTorch units excluded "
          "(Debian's LibTorch 1.13 headers do not parse with clang 14)"
          % (checked, ",".join(options.folders), counts["cached"], counts["clean"], counts["findings"],
             counts["failed"], counts["unchecked"], time.time() - started, cpu, counts["torch"]))
    for name in sorted(RULED_OUT):
        reason = NOT_CHECKED[name]
        print("clang-tidy: not checked by rule: %s: %s" % (name, reason))
    for state in ("findings", "failed"):
        for name in named(state):
            print("clang-tidy: %s: %s" % (state.upper(), name))
    if counts["unchecked"]:
        print("clang-tidy: UNCHECKED (the deadline or --unit-timeout came first): %d units" % counts["unchecked"])
        for name in named("unchecked"):
            print("clang-tidy: UNCHECKED: %s" % name)
    if counts["findings"] or counts["failed"]:
        return 1
    if counts["unchecked"] and options.require_complete:
        print("clang-tidy: units left unchecked fail this run (--require-complete)")
        return 3
    return 0


def main():
    options = parse_arguments()
    root = Path(__file__).resolve().parent.parent
    build = Path(options.build).resolve()
    cache = Path(os.environ.get("DELINEATE_TIDY_CACHE") or
                 Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "delineate-tidy")
    started = time.time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_started = children.ru_utime + children.ru_stime
    units, database = our_units(build, root, options.folders)
    sources = selected_units(options, units, root)
    checker = Checker(options, root, database, cache)
    print("clang-tidy: %d translation units of ours, %d jobs, cache %s%s" % (
        len(sources), options.jobs, cache,
        time.strftime(", deadline %H:%M:%S UTC", time.gmtime(options.deadline)) if options.deadline else ""),
        flush=True)
    results = run_all(checker, sources, units, options.jobs)
    prune(cache)
    return summarize(results, root, started, cpu_started, options)


if __name__ == "__main__":
    sys.exit(main())
