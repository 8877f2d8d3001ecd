#!/usr/bin/env bash
# Minutes of speech through the whole pipeline on the embedded default; prints wall time, real-time factors per
# stage and the cost of the Kafka + MongoDB hops against the stages' own work (bench/README.md "Ingest at scale").
#   bench/ingest.sh [--minutes 10] [--alone 3]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
missing=()
for p in flite espeak-ng ffmpeg pocketsphinx pocketsphinx-en-us; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Missing: ${missing[*]}. Install: sudo apt-get install -y ${missing[*]}" >&2
  exit 2
fi
if [ ! -f bench/target/persona-bench.jar ] || [ ! -f launcher/target/persona-launcher.jar ]; then
  echo "Building Persona and the bench (./mvnw -B -q package -DskipTests)..."
  ./mvnw -B -q package -DskipTests
fi
exec java -Dpersona.root="$ROOT" -cp bench/target/persona-bench.jar dev.persona.bench.ingest.IngestBench "$@"
