#!/usr/bin/env bash
# The Slurm pipeline tested for real (issue 18): installs Debian's slurm-wlm and munge when they are
# missing, starts a one-node cluster on this machine (munged, slurmctld and slurmd as root, with a
# generated slurm.conf naming this host; every key, socket, state and log in a temporary folder),
# runs tools/slurm/pipeline.sh with 4 shards on examples/wavy_bowl.ts, checks the result with
# tests/slurm/check.ts, and stops the daemons it started. Exit 0: passed; 1: failed; 3: skipped
# (not root or no apt-get), with the reason on stdout. Run by .ci/run.
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

if [ "$(id -u)" -ne 0 ]; then echo "SKIP: the Slurm test needs root (daemons)"; exit 3; fi
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then echo "SKIP: no slurm-wlm/munge and no apt-get"; exit 3; fi
  echo "== installing slurm-wlm and munge (apt-get)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge) >/dev/null 2>&1 ||
    { echo "SKIP: apt-get install slurm-wlm munge failed"; exit 3; }
fi

T=$(mktemp -d /tmp/elml-slurm.XXXXXX)
chmod 755 "$T"
host=$(hostname)
pids=()
cleanup() {
  for f in "$T/slurmd.pid" "$T/slurmctld.pid" "$T/munge/munged.pid"; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
  done
  sleep 1
  for f in "$T/slurmd.pid" "$T/slurmctld.pid" "$T/munge/munged.pid"; do
    [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
  done
  [ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT

# munge: our own key, socket and pid in $T, owned by the munge user.
# The key folder is private to munge; the socket's folder must be searchable by every user.
mkdir -p "$T/munge" "$T/msock"
dd if=/dev/urandom of="$T/munge/munge.key" bs=1024 count=1 status=none
chown -R munge:munge "$T/munge" "$T/msock"
chmod 700 "$T/munge"
chmod 755 "$T/msock"
chmod 400 "$T/munge/munge.key"
runuser -u munge -- munged --key-file="$T/munge/munge.key" --socket="$T/msock/munge.socket" \
  --pid-file="$T/munge/munged.pid" --log-file="$T/munge/munged.log" --seed-file="$T/munge/seed" ||
  { echo "FAILED: munged did not start"; cat "$T/munge/munged.log" 2>/dev/null; exit 1; }

mkdir -p "$T/state" "$T/spool" "$T/work"
cat > "$T/slurm.conf" <<CONF
ClusterName=elmltest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$T/msock/munge.socket
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=elml Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$T/slurm.conf"
slurmctld -f "$SLURM_CONF" || { echo "FAILED: slurmctld did not start"; cat "$T/slurmctld.log"; exit 1; }
slurmd -f "$SLURM_CONF" || { echo "FAILED: slurmd did not start"; cat "$T/slurmd.log"; exit 1; }
for _ in $(seq 1 60); do
  state=$(sinfo -h -N -o "%t" 2>/dev/null | head -n 1)
  [ "$state" = "idle" ] && break
  sleep 1
done
[ "${state:-}" = "idle" ] || { echo "FAILED: the node never became idle (state: ${state:-none})"; tail -5 "$T/slurmctld.log" "$T/slurmd.log"; exit 1; }
echo "== one-node cluster up ($host, $(nproc) CPUs)"

t0=$(date +%s)
ids=$(tools/slurm/pipeline.sh --landscape examples/wavy_bowl.ts --work "$T/work" --shards 4 --steps 15 \
  --walkers 2 --waves 2 --pairs 8 --seed 3) || { echo "FAILED: pipeline.sh"; exit 1; }
echo "== submitted jobs $ids"
for _ in $(seq 1 600); do
  left=$(squeue -h -o "%i" 2>/dev/null | wc -l)
  [ "$left" -eq 0 ] && break
  sleep 1
done
[ "$left" -eq 0 ] || { echo "FAILED: jobs still queued after 600 s"; squeue; exit 1; }
echo "== pipeline finished in $(( $(date +%s) - t0 )) s"
for j in $ids; do
  st=$(sacct -n -X -j "$j" -o State 2>/dev/null | tr -d ' ' | sort -u | tr '\n' ' ')
  echo "   job $j: ${st:-(no accounting)}"
done
if [ ! -f "$T/work/report/results.json" ]; then
  echo "FAILED: no report; logs:"; tail -n 5 "$T"/work/logs/*.out; exit 1
fi
deno run --allow-all tests/slurm/check.ts "$T/work" || { echo "FAILED: tests/slurm/check.ts"; exit 1; }
echo "PASSED: Slurm pipeline (4 shards, 2 waves)"
