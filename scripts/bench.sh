#!/usr/bin/env bash
# Whole-command measurements of selfeval against the floor (docs/performance.md).
#
# For each corpus size N (default 100 1000 10000) and thread count (1 and 2) it times:
#   floor   examples/floor DIR --jobs J        calamine touching every cell, nothing else
#   floor+w examples/floor DIR --jobs J --write OUT   ... and writing every cell back
#                                              with rust_xlsxwriter (the write floor)
#   check   selfeval check DIR --format json   (J threads, output thrown away)
#   run     selfeval run DIR -o OUT --jobs J
# and reports wall, CPU (user + system) and peak memory (maximum resident set size).
#
# Usage:
#   scripts/bench.sh [N ...]
#
# Environment:
#   RUNS=5          timed runs per command (medians are reported); 1 for the largest N
#                   is set with RUNS_LARGE (default 1 for N >= 10000)
#   CORPUS=/tmp/selfeval-corpus   where the generated corpora go (kept between calls)
#   JOBS="1 2"      thread counts
#   TIMER=...       optional: a whole-process timing harness to use instead of the
#                   built-in loop; it is called as `$TIMER -n RUNS -- COMMAND ...` and
#                   its report is printed as is.
#
# The built-in loop runs each command RUNS times under /usr/bin/time (GNU time; on
# Debian/Ubuntu `apt-get install time`) and prints the median of each figure.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(100 1000 10000)
RUNS=${RUNS:-5}
RUNS_LARGE=${RUNS_LARGE:-1}
CORPUS=${CORPUS:-/tmp/selfeval-corpus}
JOBS=${JOBS:-"1 2"}
TARGET=${CARGO_TARGET_DIR:-target}

if [ ! -x /usr/bin/time ]; then
    echo "bench.sh: /usr/bin/time (GNU time) is needed: apt-get install time" >&2
    exit 2
fi

cargo build --release --quiet --bin selfeval --example floor --example gen_corpus
SELFEVAL=$TARGET/release/selfeval
FLOOR=$TARGET/release/examples/floor
GEN=$TARGET/release/examples/gen_corpus

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# measure LABEL RUNS CMD...: runs CMD RUNS times (after one warm-up run) and prints
# the medians of wall seconds, CPU seconds and peak resident memory.
measure() {
    local label=$1 runs=$2
    shift 2
    if [ -n "${TIMER:-}" ]; then
        echo "## $label"
        # shellcheck disable=SC2086
        $TIMER -n "$runs" -- "$@"
        return
    fi
    local log
    log=$(mktemp)
    "$@" >/dev/null 2>&1 || true
    for _ in $(seq "$runs"); do
        /usr/bin/time -a -o "$log" -f "%e %U %S %M" "$@" >/dev/null 2>&1 || true
    done
    # GNU time writes "Command exited with non-zero status" lines for exit 1: skip them.
    local figures
    figures=$(grep -E '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$' "$log")
    local wall cpu rss
    wall=$(echo "$figures" | awk '{print $1}' | median)
    cpu=$(echo "$figures" | awk '{print $2 + $3}' | median)
    rss=$(echo "$figures" | awk '{print $4}' | median)
    printf '%-34s runs %2d  wall %8.2f s  cpu %8.2f s  peak %7.1f MiB\n' \
        "$label" "$runs" "$wall" "$cpu" "$(echo "$rss / 1024" | bc -l)"
    rm -f "$log"
}

echo "# $(nproc) processors, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
for n in "${SIZES[@]}"; do
    dir=$CORPUS/c$n
    if [ ! -d "$dir" ] || [ "$(find "$dir" -maxdepth 1 -name '*.xlsx' | wc -l)" -ne "$n" ]; then
        rm -rf "$dir"
        "$GEN" "$n" "$dir"
    fi
    runs=$RUNS
    [ "$n" -ge 10000 ] && runs=$RUNS_LARGE
    out=$(mktemp -d)
    for j in $JOBS; do
        measure "floor  N=$n jobs=$j" "$runs" "$FLOOR" "$dir" --jobs "$j"
        measure "floor+w N=$n jobs=$j" "$runs" "$FLOOR" "$dir" --jobs "$j" --write "$out/copies"
        measure "check  N=$n jobs=$j" "$runs" env RAYON_NUM_THREADS="$j" "$SELFEVAL" check "$dir" --format json
        measure "run    N=$n jobs=$j" "$runs" "$SELFEVAL" run "$dir" -o "$out" --jobs "$j"
    done
    rm -rf "$out"
done
