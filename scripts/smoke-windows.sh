#!/usr/bin/env bash
# Runs the Windows selfeval.exe under wine on the bundled example inbox and fails loudly
# unless it does what the Linux build does (docs/windows.md):
#   1. `check FILE --format json` of one fixture gives the selfeval/check/1 document, equal
#      to the Linux build's;
#   2. `check fixtures\inbox --format json` (a Windows path, walked with `\`) gives the
#      Linux build's document once `\` is read as `/`;
#   3. `run fixtures\inbox -o Z:\…\out` exits 1 (the inbox holds errors) and writes
#      summary.xlsx, findings.xlsx, report.json, the same unit workbooks and documents as
#      the Linux build, and a report.json equal to its;
#   4. a reader process that runs out of memory costs that one file (内存超限): the Job
#      Object's memory limit, through the worker's `alloc` fault.
#
# Usage: scripts/smoke-windows.sh [target/windows/selfeval.exe]
# Environment: SELFEVAL_LINUX — the Linux binary to compare with (default target/debug/selfeval,
# built when missing).
#
# Wine 8.0 (Debian 12) lacks bcryptprimitives.dll, which Rust's standard library imports
# (ProcessPrng); a test-only DLL built here from a few lines of C sits beside the copy of
# the .exe under test. Real Windows has the DLL: the shim is never shipped.
set -euo pipefail
cd "$(dirname "$0")/.."
exe=${1:-target/windows/selfeval.exe}
linux=${SELFEVAL_LINUX:-target/debug/selfeval}
export DEBIAN_FRONTEND=noninteractive
fail() { echo "smoke-windows: FAILED: $*" >&2; exit 1; }
[ -f "$exe" ] || fail "$exe not found: run scripts/build-windows.sh first"

wine=/usr/lib/wine/wine64
if [ ! -x "$wine" ]; then
  apt-get update -qq && apt-get install -y -qq wine64 >/dev/null
fi
[ -x "$wine" ] || fail "wine64 is not installed at $wine"
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 \
  || { apt-get update -qq && apt-get install -y -qq gcc-mingw-w64-x86-64 >/dev/null; }
[ -x "$linux" ] || cargo build --locked
command -v python3 >/dev/null || fail "python3 is needed to compare the JSON documents"

start=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
cp "$exe" "$work/bin/selfeval.exe"
cat > "$work/shim.c" <<'EOF'
#include <windows.h>
#include <bcrypt.h>
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    return BCryptGenRandom(NULL, data, (ULONG)len, BCRYPT_USE_SYSTEM_PREFERRED_RNG) == 0;
}
EOF
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bin/bcryptprimitives.dll" "$work/shim.c" -lbcrypt

export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# Z: is wine's drive for /: the Windows form of a path of this machine.
winpath() { local p; p=$(realpath -m "$1"); echo "Z:${p//\//\\}"; }
win() { "$wine" "$work/bin/selfeval.exe" "$@"; }
"$wine" wineboot --init >/dev/null 2>&1 || true

# The same JSON, with the Windows run's `\` between folders read as `/`.
same_json() {
  python3 - "$1" "$2" <<'EOF' || fail "$3"
import json, sys
def norm(v):
    if isinstance(v, str):
        return v.replace("\\", "/")
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    return v
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
assert a.get("schema") == "selfeval/check/1" or "files" in a, "not a selfeval document"
if norm(a) != norm(b):
    sys.exit("the documents differ")
EOF
}

# 1. One fixture.
one=fixtures/inbox/兰州新区应急管理局.xlsx
set +e
win check "$one" --format json > "$work/one.win.json"; code=$?
"$linux" check "$one" --format json > "$work/one.linux.json"; want=$?
set -e
[ "$code" = "$want" ] || fail "check $one: exit $code under wine, $want on Linux"
grep -q '"schema": *"selfeval/check/1"' "$work/one.win.json" || fail "check $one printed no selfeval/check/1 document"
same_json "$work/one.win.json" "$work/one.linux.json" "check $one: the wine document differs from Linux's"
echo "smoke-windows: check of one file: the same document as on Linux (exit $code)"

# 2. The inbox, given as a Windows path.
set +e
win check 'fixtures\inbox' --format json > "$work/inbox.win.json"; code=$?
"$linux" check fixtures/inbox --format json > "$work/inbox.linux.json"; want=$?
set -e
[ "$code" = 1 ] && [ "$want" = 1 ] || fail "check of the inbox: exit $code under wine, $want on Linux (1 expected)"
same_json "$work/inbox.win.json" "$work/inbox.linux.json" "check fixtures\\inbox: the wine document differs from Linux's"
echo "smoke-windows: check of the inbox: the same document as on Linux"

# 3. run: every output, the same set as on Linux.
set +e
win run 'fixtures\inbox' -o "$(winpath "$work/out.win")" > "$work/run.win.log" 2>&1; code=$?
"$linux" run fixtures/inbox -o "$work/out.linux" > "$work/run.linux.log" 2>&1; want=$?
set -e
[ "$code" = 1 ] || { cat "$work/run.win.log" >&2; fail "run under wine: exit $code, 1 expected"; }
[ "$want" = 1 ] || fail "run on Linux: exit $want, 1 expected"
for f in summary.xlsx findings.xlsx report.json; do
  [ -s "$work/out.win/$f" ] || fail "run under wine wrote no $f"
done
listing() { (cd "$1" && find . -type f ! -name '.*' | LC_ALL=C sort); }
diff <(listing "$work/out.linux") <(listing "$work/out.win") >&2 \
  || fail "run under wine wrote another set of files than on Linux"
units=$(find "$work/out.win/units" -name '*.xlsx' | wc -l)
[ "$units" -gt 0 ] || fail "run under wine wrote no unit workbook"
same_json "$work/out.win/report.json" "$work/out.linux/report.json" "run: report.json under wine differs from Linux's"
echo "smoke-windows: run: exit 1, summary.xlsx, findings.xlsx, report.json and $units unit workbooks, as on Linux"

# 4. The Job Object's memory limit: a reader that allocates past --file-memory is ended and
# its file reported 内存超限; the other files are read.
set +e
SELFEVAL_WORKER_FAULT="alloc:兰州新区应急管理局.xlsx" \
  win check 'fixtures\inbox' --format json --file-memory 1536 > "$work/alloc.json"; code=$?
set -e
[ "$code" = 1 ] || fail "check with a reader out of memory: exit $code, 1 expected"
python3 - "$work/alloc.json" <<'EOF' || fail "a reader out of memory under wine was not reported as 内存超限 for its file alone"
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
by = {f["path"].replace("\\", "/").rsplit("/", 1)[-1]: f for f in doc["files"]}
bad = by["兰州新区应急管理局.xlsx"]
assert bad["status"] == "unreadable", bad["status"]
assert "内存超限" in bad["findings"][0]["message"], bad["findings"][0]["message"]
others = [f for n, f in by.items() if n != "兰州新区应急管理局.xlsx" and f["status"] in ("ok", "invalid")]
assert others, "no other file was read"
EOF
echo "smoke-windows: a reader out of memory costs its file alone (内存超限)"

echo "smoke-windows: passed in $(( $(date +%s) - start )) s"
