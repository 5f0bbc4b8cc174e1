#!/usr/bin/env bash
# Runs each fuzz target for MINUTES (default 10), one after another.
#
#   fuzz/run.sh 10              all three targets, 10 minutes each
#   fuzz/run.sh 2 read_check    one target
#
# Needs `cargo install cargo-fuzz` and a nightly toolchain (rustup toolchain list).
# Seeds are copied in from fixtures/ each time (the corpus itself is not committed).
# A crash leaves its input in fuzz/artifacts/<target>/; copy it into
# fixtures/hostile/regressions/<target>/ so tests/hostile.rs replays it forever after.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
minutes="${1:-10}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(read_check value_parser policy)
export CARGO_TARGET_DIR="$here/target"
cd "$here"

seed() {
  local t="$1" c="$here/corpus/$1"
  mkdir -p "$c"
  case "$t" in
    read_check)
      # Keep the seed names unique even when two fixtures share a name.
      i=0; while IFS= read -r f; do i=$((i+1)); cp "$f" "$c/seed-$i-$(basename "$f" | tr -c 'A-Za-z0-9._-' _)"; done \
        < <(find "$root/fixtures" -type f \( -name '*.xlsx' -o -name '*.xls' -o -name '*.ods' \) -size -2M)
      ;;
    value_parser)
      i=0; while IFS= read -r line; do i=$((i+1)); printf '%s' "$line" > "$c/seed-$i"; done < "$here/seeds/value_parser.txt"
      ;;
    policy)
      cp "$root"/fixtures/policy/*.toml "$c/" 2>/dev/null || true
      ;;
  esac
  # Earlier crashes are seeds too.
  if [ -d "$root/fixtures/hostile/regressions/$t" ]; then
    cp "$root/fixtures/hostile/regressions/$t"/* "$c/" 2>/dev/null || true
  fi
}

for t in "${targets[@]}"; do
  seed "$t"
  echo "== $t: $minutes min"
  # -s none: safe Rust needs no sanitizer and runs ~2x faster; -a keeps debug assertions
  # (integer overflow checks) on. rss_limit bounds memory like the product's 200 MB goal
  # with headroom; a slower input than -timeout seconds is reported as a hang.
  cargo +nightly fuzz run -s none -a "$t" "corpus/$t" -- \
    -max_total_time=$((minutes * 60)) -rss_limit_mb=1024 -timeout=10 -max_len=262144 \
    -print_final_stats=1 2>&1 | tee "$here/last-$t.log" | grep -a -E "^(#[0-9]+ +DONE|stat::|==[0-9]+== ERROR|SUMMARY|Test unit written)" || true
done
