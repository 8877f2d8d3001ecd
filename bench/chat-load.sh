#!/usr/bin/env bash
# Chat under load (bench/README.md "Chat under load"): 50 users, each with their own persona and documents, hold
# 25 chats/s offered (open loop) for 60 s through the gateway; prints p50/p95/p99, the achieved rate, errors by
# status, and the single-user baseline from the same run.
#   bench/chat-load.sh [--users 50] [--rate 25] [--duration 60] [--baseline 100] [--poisson] [--base-url URL]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

. bench/lib.sh
build_if_missing

# These reach only the system the bench starts itself (a --base-url system needs them set when it is started).
# 50 users at 0.5 chats/s each sit exactly at the per-owner limit of 30 a minute, so the bench would measure the
# limiter; it signs 50 owners up and logs them in from one address (limits: 5 sign-ups an hour, 30 logins a minute);
# and its 50 users share one client address at the gateway, which allows 32 connections per address.
export PERSONA_CHAT_LIMITS_PER_WINDOW="${PERSONA_CHAT_LIMITS_PER_WINDOW:-100000}"
export PERSONA_CHAT_LIMITS_PER_DAY="${PERSONA_CHAT_LIMITS_PER_DAY:-100000}"
export PERSONA_AUTH_SIGNUP_RATE_LIMIT_BURST="${PERSONA_AUTH_SIGNUP_RATE_LIMIT_BURST:-10000}"
export PERSONA_AUTH_SIGNUP_RATE_LIMIT_REFILL="${PERSONA_AUTH_SIGNUP_RATE_LIMIT_REFILL:-10000}"
export PERSONA_AUTH_LOGIN_RATE_LIMIT_PER_ADDRESS="${PERSONA_AUTH_LOGIN_RATE_LIMIT_PER_ADDRESS:-10000}"
export PERSONA_GATEWAY_MAX_CONNECTIONS_PER_CLIENT="${PERSONA_GATEWAY_MAX_CONNECTIONS_PER_CLIENT:-1000}"

exec java -Dpersona.root="$ROOT" -cp bench/target/persona-bench.jar dev.persona.bench.load.ChatLoadBench "$@"
