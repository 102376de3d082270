#!/usr/bin/env bash
# Builds the host version of the firmware's streaming-encoder loop (targets/esp32s3/host/na_encoder_host.c) for one
# encoder graph with the host C compiler: WAV in, the device's packet stream out.
#
#   targets/esp32s3/tools/host-encoder.sh SYMBOL WEIGHTS_DIR OUTPUT_BINARY
#   e.g. targets/esp32s3/tools/host-encoder.sh tinystream_ultra_tiny targets/host/weights/seeded /tmp/na_encoder_host
#        /tmp/na_encoder_host speech_16k.wav packets.bin
#        neuralaudio receive --file packets.bin --checkpoint CK --output decoded.wav
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 SYMBOL WEIGHTS_DIR OUTPUT_BINARY" >&2; exit 2; }
symbol="$1"; weights="$2"; output="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
generated="$repo/targets/esp32s3/main/generated"
runtime="$repo/src/Runtime/c"
[ -f "$generated/$symbol.c" ] || { echo "host-encoder: no generated graph $generated/$symbol.c" >&2; exit 2; }
[ -f "$weights/${symbol}_weights.c" ] || { echo "host-encoder: no $weights/${symbol}_weights.c" >&2; exit 2; }
macro="$(echo "$symbol" | tr '[:lower:]' '[:upper:]')"
"${CC:-cc}" -std=c99 -O2 -Wall -Wextra -Werror -pedantic \
  -DNA_SYMBOL_NAME="$symbol" -DNA_MACRO_NAME="$macro" -DNA_MODEL_HEADER="\"$symbol.h\"" \
  -I"$repo/targets/esp32s3/main" -I"$generated" -I"$runtime" -I"$runtime/../c_extra" -I"$runtime/stream" \
  "$repo/targets/esp32s3/host/na_encoder_host.c" "$repo/targets/esp32s3/main/na_encoder_loop.c" \
  "$runtime"/*.c "$runtime"/../c_extra/*.c "$runtime/stream/na_packet.c" \
  "$generated/$symbol.c" "$weights/${symbol}_weights.c" -o "$output"
