#!/usr/bin/env bash
# The elml scale-out pipeline on Slurm (docs/explore.md): a basin-hopping array (one shard per
# task, its own seed stream and database) → merge → the coordinator writes the pairs to connect →
# a connection-wave array (each task connects its slice on a copy of the merged database) → merge →
# the report of the final database. Jobs are chained with --dependency=afterok, so a failed stage
# stops the ones after it. Prints the four job ids; the report lands in $WORK/report/.
#
# Usage: tools/slurm/pipeline.sh --landscape FILE.ts --work DIR [--shards 4] [--steps 100]
#          [--walkers 4] [--waves 2] [--pairs 40] [--seed 1] [--partition P] [--time 01:00:00]
#          [--sbatch-args "…"]
# The landscape module, the work folder and this repository must be visible from the compute
# nodes at the same paths (a shared file system); deno is found on PATH or by $DENO.
set -euo pipefail

landscape="" work="" shards=4 steps=100 walkers=4 waves=2 pairs=40 seed=1
partition="" time_limit="01:00:00" extra=""
while [ $# -gt 0 ]; do
  case "$1" in
    --landscape) landscape=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --shards) shards=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --walkers) walkers=$2; shift 2 ;;
    --waves) waves=$2; shift 2 ;;
    --pairs) pairs=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --partition) partition=$2; shift 2 ;;
    --time) time_limit=$2; shift 2 ;;
    --sbatch-args) extra=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "error: pipeline.sh: unknown option $1" >&2; exit 1 ;;
  esac
done
[ -n "$landscape" ] || { echo "error: pipeline.sh: give --landscape FILE.ts" >&2; exit 1; }
[ -n "$work" ] || { echo "error: pipeline.sh: give --work DIR (on a shared file system)" >&2; exit 1; }
for v in shards steps walkers waves pairs seed; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || { echo "error: pipeline.sh: --$v must be a whole number" >&2; exit 1; }
done
[ "$shards" -ge 1 ] && [ "$waves" -ge 1 ] || { echo "error: pipeline.sh: --shards and --waves must be ≥ 1" >&2; exit 1; }
command -v sbatch >/dev/null || { echo "error: pipeline.sh: sbatch not found (is Slurm installed?)" >&2; exit 1; }

repo=$(cd "$(dirname "$0")/../.." && pwd)
deno=${DENO:-$(command -v deno || true)}
[ -n "$deno" ] || { echo "error: pipeline.sh: deno not found (set DENO=/path/to/deno)" >&2; exit 1; }
landscape=$(cd "$(dirname "$landscape")" && pwd)/$(basename "$landscape")
mkdir -p "$work/logs"
work=$(cd "$work" && pwd)

run="$deno run --allow-all"
ex="$run $repo/scripts/explore.ts --landscape $landscape --seed $seed --cpu"
mg="$run $repo/scripts/merge.ts --landscape $landscape"
common=(--parsable --time="$time_limit" --chdir="$work")
[ -n "$partition" ] && common+=(--partition="$partition")
# shellcheck disable=SC2206
[ -n "$extra" ] && common+=($extra)

bh=$(sbatch "${common[@]}" --job-name=elml-bh --array=1-"$shards" --output="$work/logs/bh-%a.out" \
  --wrap "$ex --steps $steps --walkers $walkers --connect 0 --shard \$SLURM_ARRAY_TASK_ID/$shards --database $work/shard-\$SLURM_ARRAY_TASK_ID.db --out $work/shard-\$SLURM_ARRAY_TASK_ID")
shard_dbs=$(for i in $(seq 1 "$shards"); do printf '%s ' "$work/shard-$i.db"; done)
co=$(sbatch "${common[@]}" --job-name=elml-merge1 --dependency=afterok:"$bh" --output="$work/logs/merge1.out" \
  --wrap "rm -f $work/merged.db && $mg --out $work/merged.db $shard_dbs && $ex --steps 0 --connect $pairs --database $work/merged.db --write-pairs $work/pairs.json --out $work/coordinator")
wv=$(sbatch "${common[@]}" --job-name=elml-waves --array=1-"$waves" --dependency=afterok:"$co" --output="$work/logs/wave-%a.out" \
  --wrap "cp $work/merged.db $work/wave-\$SLURM_ARRAY_TASK_ID.db && $ex --steps 0 --database $work/wave-\$SLURM_ARRAY_TASK_ID.db --pairs $work/pairs.json --pairs-shard \$SLURM_ARRAY_TASK_ID/$waves --out $work/wave-\$SLURM_ARRAY_TASK_ID")
wave_dbs=$(for i in $(seq 1 "$waves"); do printf '%s ' "$work/wave-$i.db"; done)
fin=$(sbatch "${common[@]}" --job-name=elml-report --dependency=afterok:"$wv" --output="$work/logs/report.out" \
  --wrap "rm -f $work/final.db && $mg --out $work/final.db $work/merged.db $wave_dbs && $ex --steps 0 --connect 0 --database $work/final.db --out $work/report")
echo "$bh $co $wv $fin"
