#!/usr/bin/env bash
# Does a persona-adapted language model lower pocketsphinx's WER? (README "Persona-adapted language model")
# Synthesises the grounding corpus' recordings, decodes each with the default Debian model and with the model
# interpolated with the persona's other text (leave-one-out), picks lambda on dev, reports holdout and a LibriVox control.
# Needs: apt-get install -y pocketsphinx pocketsphinx-en-us pocketsphinx-testdata sphinxbase-utils flite espeak-ng ffmpeg
# Options: --lambdas 0.1,0.2,0.35,0.5,0.7 | --lambda 0.2 (no sweep) | --threads 2 | --personas id,id | --corpus DIR | --work DIR
# Results are cached in transcribe-service/target/persona-lm-bench; a second run only prints the tables.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for tool in pocketsphinx_batch sphinx_lm_convert flite t2p espeak-ng ffmpeg; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Missing: ${missing[*]}. Install: apt-get install -y pocketsphinx pocketsphinx-en-us pocketsphinx-testdata sphinxbase-utils flite espeak-ng ffmpeg" >&2
  exit 2
fi
args="$*"
./mvnw -B -q -pl transcribe-service test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.persona.transcribe.bench.lm.PersonaLmBench -Dpersona.root="$(pwd)" \
  -Dexec.args="$args"
