#!/usr/bin/env bash
# Chunking and embedding throughput of embed-service on this machine (no Kafka, no Mongo).
# Usage: embed-service/bench.sh [number-of-chunks-to-embed]   (default 96)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl embed-service test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test > /dev/null
exec java -Xmx2g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "embed-service/target/test-classes:embed-service/target/classes:$(cat embed-service/target/bench.cp)" \
  dev.persona.embed.bench.EmbedBench "$@"
