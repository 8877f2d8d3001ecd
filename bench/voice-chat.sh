#!/usr/bin/env bash
# Questions asked by voice on the embedded default: p50/p95 of POST /personas/{id}/voice-chat and of each step it
# reports, with the same questions typed in the same run as the baseline (bench/README.md "Voice chat").
#   bench/voice-chat.sh [--personas 2] [--questions 40] [--seconds 5] [--stretch 1] [--base-url URL]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
. bench/lib.sh
require_packages flite ffmpeg pocketsphinx pocketsphinx-en-us
build_if_missing
# One owner asks every question twice (spoken, then typed) back to back; the chat limits (30 a minute) would make it
# wait. These reach only the services the bench starts itself.
export PERSONA_CHAT_LIMITS_PER_WINDOW="${PERSONA_CHAT_LIMITS_PER_WINDOW:-100000}"
export PERSONA_CHAT_LIMITS_PER_DAY="${PERSONA_CHAT_LIMITS_PER_DAY:-100000}"
exec java -Dpersona.root="$ROOT" -cp bench/target/persona-bench.jar dev.persona.bench.voice.VoiceChatBench "$@"
