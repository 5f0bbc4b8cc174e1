#!/usr/bin/env bash
# Cross-builds selfeval for 64-bit Windows on this Debian machine and writes the stripped
# program to target/windows/selfeval.exe (docs/windows.md).
#
# Needs: the Rust target x86_64-pc-windows-gnu (`rustup target add`, which downloads its
# standard library) and the MinGW-w64 cross compiler (Debian's gcc-mingw-w64-x86-64): the
# linker, and the C compiler mimalloc is built with. Both are installed when missing.
#
# Usage: scripts/build-windows.sh            (prints the .exe's path, size and build time)
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-pc-windows-gnu
export DEBIAN_FRONTEND=noninteractive

if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq gcc-mingw-w64-x86-64 >/dev/null
fi
if ! rustup target list --installed | grep -qx "$target"; then
  # No workaround when this download is refused: the build needs the target's std.
  rustup target add "$target"
fi

start=$(date +%s)
cargo build --release --locked --target "$target"
built=target/$target/release/selfeval.exe
mkdir -p target/windows
x86_64-w64-mingw32-strip -o target/windows/selfeval.exe "$built"
secs=$(( $(date +%s) - start ))

exe=target/windows/selfeval.exe
# A Windows program, 64-bit, that imports only DLLs every Windows has.
x86_64-w64-mingw32-objdump -f "$exe" | grep -q 'file format pei-x86-64' \
  || { echo "build-windows: $exe is not a 64-bit Windows program" >&2; exit 1; }
imports=$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^[[:space:]]*DLL Name: //p' | sort -u)
for dll in $imports; do
  case "${dll,,}" in
    kernel32.dll|ntdll.dll|advapi32.dll|ws2_32.dll|userenv.dll|bcrypt.dll|bcryptprimitives.dll|\
    msvcrt.dll|api-ms-win-*|shell32.dll|ole32.dll|oleaut32.dll|user32.dll|psapi.dll|secur32.dll|crypt32.dll) ;;
    *) echo "build-windows: $exe imports $dll, which is not a system DLL" >&2; exit 1 ;;
  esac
done
size=$(stat -c %s "$exe")
echo "build-windows: $exe ($((size / 1024)) KiB, built in ${secs} s); imports: $(echo $imports | tr '\n' ' ')"
