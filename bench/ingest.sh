#!/usr/bin/env bash
# Minutes of speech through the whole pipeline on the embedded default; prints wall time, real-time factors per
# stage and the cost of the Kafka + MongoDB hops against the stages' own work (bench/README.md "Ingest at scale").
#   bench/ingest.sh [--minutes 10] [--alone 3]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
. bench/lib.sh
require_packages flite espeak-ng ffmpeg pocketsphinx pocketsphinx-en-us
build_if_missing
exec java -Dpersona.root="$ROOT" -cp bench/target/persona-bench.jar dev.persona.bench.ingest.IngestBench "$@"
