#!/usr/bin/env bash
# Portability check of the firmware C: compiles the runtime kernels, the packet writer and every generated graph as
# strict C99 for a 32-bit Xtensa without FPU (Debian's xtensa-lx106-elf-gcc: the ESP8266 core, not the ESP32-S3's
# LX7, but the same ISA family, word size and lack of floating point), with -Os -Wall -Wextra -Werror -pedantic, and
# reports .text/.rodata/.bss per graph. Graphs whose weights are present (seeded weights, or an export folder) are
# also partially linked with the kernels: every na_* and model symbol must resolve (only libc/libgcc may remain).
#
#   targets/esp32s3/tools/cross-check.sh [--generated DIR] [--weights DIR] [--work DIR]
#
# Also compiled: the firmware's portable encoder loop (main/na_encoder_loop.c), the esp-nn backend
# (src/Runtime/c/backends, against the API stand-in tools/esp_nn_api/esp_nn.h) and every graph through the esp-nn
# dispatch header. ESP-IDF itself (I2S, FreeRTOS, USB) cannot be compiled here: main/na_*_app.c, na_mic.c and
# na_link.c are checked only by `idf.py build`.
#
# Defaults: --generated targets/esp32s3/main/generated, --weights targets/host/weights/seeded (written by
# `dotnet build src/Cli`). Installs gcc-xtensa-lx106 and picolibc-xtensa-lx106-elf with apt-get when the compiler is
# missing (needs root); fails, saying why, when that is impossible. Output: one `graph ...` line per graph, one
# `runtime ...` line, then `cross-check: OK`. Exit 0 only when everything compiled (and linked where it could).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
generated="$repo/targets/esp32s3/main/generated"
weights="$repo/targets/host/weights/seeded"
work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --generated) generated="$2"; shift 2 ;;
    --weights) weights="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "cross-check: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

cc=xtensa-lx106-elf-gcc
specs=/usr/lib/xtensa-lx106-elf/picolibc.specs
ensure_toolchain() {
  if command -v "$cc" >/dev/null 2>&1 && [ -f "$specs" ]; then return 0; fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "cross-check: $cc (or $specs) is missing and cannot be installed here (need root and apt-get):" >&2
    echo "  apt-get install gcc-xtensa-lx106 picolibc-xtensa-lx106-elf" >&2
    exit 3
  fi
  echo "cross-check: installing gcc-xtensa-lx106 and picolibc-xtensa-lx106-elf" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q gcc-xtensa-lx106 picolibc-xtensa-lx106-elf >&2; then
    apt-get update -q >&2 && apt-get install -y -q gcc-xtensa-lx106 picolibc-xtensa-lx106-elf >&2 || {
      echo "cross-check: apt-get could not install the Xtensa toolchain" >&2; exit 3; }
  fi
  command -v "$cc" >/dev/null 2>&1 && [ -f "$specs" ] || { echo "cross-check: $cc still missing after apt-get" >&2; exit 3; }
}
ensure_toolchain

[ -d "$generated" ] || { echo "cross-check: $generated does not exist: run dotnet build src/Cli (neuralaudio codegen)" >&2; exit 2; }
if [ -z "$work" ]; then work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT; fi
mkdir -p "$work"

flags=(--specs="$specs" -std=c99 -Os -Wall -Wextra -Werror -pedantic -ffunction-sections -fdata-sections
       -I"$repo/src/Runtime/c" -I"$repo/src/Runtime/c_extra" -I"$repo/src/Runtime/c/stream" -I"$generated")

# Section sums of one object: text (.text + Xtensa .literal pools), rodata, bss (+ .data, there is none).
sections() {
  xtensa-lx106-elf-size -A "$1" | awk '
    $1 ~ /^\.(text|literal)/ { t += $2 } $1 ~ /^\.rodata/ { r += $2 } $1 ~ /^\.(bss|data|sbss|sdata)/ { b += $2 }
    END { printf "%d %d %d", t, r, b }'
}

runtime_objects=()
for src in "$repo"/src/Runtime/c/*.c "$repo"/src/Runtime/c_extra/*.c "$repo"/src/Runtime/c/stream/*.c; do
  obj="$work/runtime_$(basename "$src" .c).o"
  "$cc" "${flags[@]}" -c "$src" -o "$obj"
  runtime_objects+=("$obj")
done
xtensa-lx106-elf-ld -r -o "$work/runtime.o" "${runtime_objects[@]}"
read -r t r b <<<"$(sections "$work/runtime.o")"
echo "runtime text=$t rodata=$r bss=$b files=${#runtime_objects[@]}"

# The firmware's portable encoder loop, and the esp-nn backend against esp-nn's API (tools/esp_nn_api stands in for
# the component's header; the real one is used on the device).
"$cc" "${flags[@]}" -I"$repo/targets/esp32s3/main" -c "$repo/targets/esp32s3/main/na_encoder_loop.c" -o "$work/app_loop.o"
read -r t r b <<<"$(sections "$work/app_loop.o")"
echo "encoder_loop text=$t rodata=$r bss=$b"
espnn_flags=("${flags[@]}" -DNA_USE_ESP_NN -I"$here/esp_nn_api" -I"$repo/src/Runtime/c/backends")
"$cc" "${espnn_flags[@]}" -c "$repo/src/Runtime/c/backends/na_espnn_backend.c" -o "$work/espnn_backend.o"
read -r t r b <<<"$(sections "$work/espnn_backend.o")"
echo "espnn_backend text=$t rodata=$r bss=$b"

count=0
for src in "$generated"/*.c; do
  symbol="$(basename "$src" .c)"
  [ -f "$generated/$symbol.h" ] || continue
  obj="$work/$symbol.o"
  "$cc" "${flags[@]}" -c "$src" -o "$obj"
  # The same source through the esp-nn dispatch (what the firmware compiles with CONFIG_NA_USE_ESP_NN).
  "$cc" "${espnn_flags[@]}" -include na_espnn_dispatch.h -c "$src" -o "$work/${symbol}_espnn.o"
  read -r t r b <<<"$(sections "$obj")"
  wr=0; link="no-weights"
  if [ -f "$weights/${symbol}_weights.c" ]; then
    "$cc" "${flags[@]}" -c "$weights/${symbol}_weights.c" -o "$work/${symbol}_weights.o"
    read -r _ wr _ <<<"$(sections "$work/${symbol}_weights.o")"
    xtensa-lx106-elf-ld -r -o "$work/${symbol}_linked.o" "$obj" "$work/${symbol}_weights.o" "$work/runtime.o"
    # Undefined after the partial link: only libc / libgcc helpers may remain.
    missing="$(xtensa-lx106-elf-nm -u "$work/${symbol}_linked.o" | awk '{print $2}' | grep -Ev '^(memcpy|memset|memmove|strcmp|__[a-z0-9_]+)$' || true)"
    if [ -n "$missing" ]; then
      echo "cross-check: $symbol: unresolved symbols after linking with the runtime: $(echo $missing)" >&2
      exit 1
    fi
    link="ok"
  fi
  echo "graph $symbol text=$t rodata=$r bss=$b weights_rodata=$wr link=$link"
  count=$((count + 1))
done
[ "$count" -gt 0 ] || { echo "cross-check: no generated graph in $generated" >&2; exit 2; }
echo "cross-check: OK ($count graphs, $cc $("$cc" -dumpversion), -std=c99 -Os -Wall -Wextra -Werror -pedantic)"
