#!/usr/bin/env bash
# The grounding benchmark (bench/README.md): synthesises the corpus' recordings, sends them and the documents through
# the real pipeline over the HTTP API, asks every persona its questions and prints the figures.
#   bench/grounding.sh                        start the whole system on free ports, run all six personas
#   bench/grounding.sh --split dev            only the four calibration personas
#   bench/grounding.sh --base-url http://localhost:8080 --reuse
#                                             a running system; the next run only asks the questions again
#   bench/grounding.sh --help                 every option
# Needs: apt-get install -y flite espeak-ng ffmpeg pocketsphinx pocketsphinx-en-us
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

. bench/lib.sh
require_packages flite espeak-ng ffmpeg pocketsphinx pocketsphinx-en-us
build_if_missing

# The bench asks ~230 questions as one owner; the chat limits (30 a minute, 1000 a day) would make it wait or stop.
# These reach only the services the bench starts itself; start a system used with --base-url with them set too.
export PERSONA_CHAT_LIMITS_PER_WINDOW="${PERSONA_CHAT_LIMITS_PER_WINDOW:-100000}"
export PERSONA_CHAT_LIMITS_PER_DAY="${PERSONA_CHAT_LIMITS_PER_DAY:-100000}"

exec java -Dpersona.root="$ROOT" -jar bench/target/persona-bench.jar "$@"
