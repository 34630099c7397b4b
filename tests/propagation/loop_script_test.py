#!/usr/bin/env python3
"""benchmarks/propagation/propagation_loop_colin27.sh against a stand-in delineate-cli (no model, no data).

The stand-in records the command and the OMP_WAIT_POLICY it was started with, and answers each command
the way the real CLI does (train: JSON on stdout and the adapter file; eval --per-slice: the slices; propagate:
the label map and its provenance document; eval: Dice and NSD), with numbers chosen here by hand. Checks:
  - every delineate-cli the script starts runs with OMP_WAIT_POLICY=PASSIVE when the caller did not set it
    (libgomp spin-waits otherwise; the benchmark ran 3.7x slower per slice on the loaded VM without it);
  - a policy the caller set is kept;
  - the table rows carry the stand-in's numbers (proposal count, fronts, Dice, NSD), the anchor is the middle
    of the slices holding the label, the adapter goes only to the second propagation.

usage: loop_script_test.py PATH/TO/propagation_loop_colin27.sh
"""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

SCRIPT = pathlib.Path(sys.argv[1]).resolve()
SKIP = 77

FAKE_CLI = r'''#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
with open(os.environ["FAKE_CLI_LOG"], "a") as log:
    log.write(json.dumps({"args": args, "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY")}) + "\n")
def value(name):
    return args[args.index(name) + 1]
command = args[0]
if command == "train":
    open(value("--out"), "wb").write(b"adapter")
    print(json.dumps({"strategy": "decoder+adapter+box", "preset": "quick_cpu", "training_slices": [3, 5],
                      "iterations": 7, "first_loss": 1.5, "final_loss": 0.25}))
elif command == "eval" and "--per-slice" in args:
    # label 1 on slices 2..6: the middle one, 4, is the anchor
    print(json.dumps({"slices": [{"index": i, "reference_voxels": 10 if 2 <= i <= 6 else 0} for i in range(9)]}))
elif command == "eval":
    tuned = "tuned" in value("--prediction")
    print(json.dumps({"dice": 0.75 if tuned else 0.5, "nsd": 0.125 if tuned else 0.25}))
elif command == "propagate":
    out = value("--out")
    open(out, "wb").write(b"labels")
    tuned = "--adapter" in args
    slices = [{"slice": 4, "source": "anchor"}] + [{"slice": s, "source": "propagation"}
                                                 for s in ([3, 5] if tuned else [1, 2, 3, 5, 6, 7])]
    stops = [{"direction": "down", "last_slice": 3 if tuned else 1, "reason": "vanishing" if tuned else "empty"},
             {"direction": "up", "last_slice": 5 if tuned else 7, "reason": "study_end"}]
    document = {"labels": [{"slices": slices, "propagation": {"stops": stops}}]}
    open(out[: -len(".nii.gz")] + ".provenance.json", "w").write(json.dumps(document))
else:
    sys.exit("unexpected command " + command)
'''

failures = []


def expect(what, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)
        if detail:
            print("     " + detail.replace("\n", "\n     "))


def skip_or_fail(reason):
    if os.environ.get("DELINEATE_REQUIRE_DATA", "0") not in ("", "0"):
        sys.exit("FAIL: DELINEATE_REQUIRE_DATA is set, so this skip fails: " + reason)
    print("SKIP: " + reason)
    sys.exit(SKIP)


def run_script(root, policy):
    """Runs the script with the stand-in CLI; policy None: OMP_WAIT_POLICY not in its environment."""
    shared = root / "shared"
    data = shared / "data" / "mri_brain_colin27_aal"
    data.mkdir(parents=True, exist_ok=True)
    for name in ("ch2.nii.gz", "ch2_brainmask_derived.nii.gz"):
        (data / name).write_bytes(b"stand-in")
    model = shared / "fixtures" / "sam" / "vit_t.pth"
    model.parent.mkdir(parents=True, exist_ok=True)
    model.write_bytes(b"stand-in")
    cli = root / "delineate-cli"
    cli.write_text(FAKE_CLI)
    cli.chmod(0o755)
    log = root / ("cli-%s.log" % (policy or "unset"))
    env = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")}
    env.update({"DELINEATE_SHARED_DIR": str(shared), "DELINEATE_CLI": str(cli), "FAKE_CLI_LOG": str(log)})
    if policy:
        env["OMP_WAIT_POLICY"] = policy
    result = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=120)
    calls = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return result, calls


def main():
    if shutil.which("bash") is None or not os.access("/usr/bin/time", os.X_OK) or not os.access(
            "/usr/bin/python3", os.X_OK):
        skip_or_fail("the script needs bash, /usr/bin/time and /usr/bin/python3")
    with tempfile.TemporaryDirectory() as folder:
        root = pathlib.Path(folder)

        result, calls = run_script(root, None)
        expect("runs to the end without OMP_WAIT_POLICY set", result.returncode == 0, result.stderr)
        commands = [c["args"][0] for c in calls]
        expect("starts train, eval, propagate twice, eval twice",
               commands == ["train", "eval", "propagate", "propagate", "eval", "eval"], str(commands))
        expect("every delineate-cli runs with OMP_WAIT_POLICY=PASSIVE",
               calls and all(c["omp_wait_policy"] == "PASSIVE" for c in calls),
               str([c["omp_wait_policy"] for c in calls]))
        expect("says which policy it used", "OMP_WAIT_POLICY=PASSIVE;" in result.stdout, result.stdout)
        propagations = [c["args"] for c in calls if c["args"][0] == "propagate"]
        expect("propagates from the middle slice holding the label (4)",
               all(a[a.index("--anchors") + 1] == "4" for a in propagations), str(propagations))
        expect("the adapter goes to the second propagation only",
               len(propagations) == 2 and "--adapter" not in propagations[0] and "--adapter" in propagations[1],
               str(propagations))
        lines = result.stdout.splitlines()
        base = [line for line in lines if line.startswith("| base |")]
        tuned = [line for line in lines if line.startswith("| retrained (box prompts) |")]
        expect("base row: 6 proposals, both fronts, Dice 0.500, NSD 0.250",
               len(base) == 1 and base[0].startswith("| base | 6 | down to 1 (empty); up to 7 (study_end) |")
               and base[0].endswith("| 0.500 | 0.250 |"), "\n".join(base))
        expect("retrained row: 2 proposals, Dice 0.750, NSD 0.125",
               len(tuned) == 1
               and tuned[0].startswith("| retrained (box prompts) | 2 | down to 3 (vanishing); up to 5 (study_end) |")
               and tuned[0].endswith("| 0.750 | 0.125 |"), "\n".join(tuned))
        expect("the training line carries the stand-in's figures",
               "7 iterations" in result.stdout and "loss 1.500 -> 0.250" in result.stdout, result.stdout)

        result, calls = run_script(root, "ACTIVE")
        expect("a policy the caller set is kept",
               result.returncode == 0 and calls and all(c["omp_wait_policy"] == "ACTIVE" for c in calls),
               str([c["omp_wait_policy"] for c in calls]) + "\n" + result.stderr)

    if failures:
        sys.exit("%d check(s) failed" % len(failures))
    print("all checks passed")


main()
