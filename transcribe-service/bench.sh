#!/usr/bin/env bash
# Word error rate and real-time factor of the offline engine on real human speech (Debian pocketsphinx-testdata).
# Needs: apt-get install -y pocketsphinx pocketsphinx-en-us pocketsphinx-testdata
# Whisper instead: transcribe-service/bench.sh -Dbench.whisper-model=/path/to/ggml-base.en.bin
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl transcribe-service test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.persona.transcribe.bench.TranscribeBench "$@"
