#!/usr/bin/env bash
# Retrieval and chat-latency benchmarks (JMH). Prints p50/p99 per benchmark and the recall check.
#   ./bench.sh                 # everything (about 6 minutes on 2 cores)
#   ./bench.sh RetrievalBench  # one class (a JMH include regex); more JMH options may follow, e.g. -p rows=10000
#   ./bench.sh 'RetrievalBench.(hnsw|exactScan)' -p rows=1000000 -jvmArgsAppend -Xmx14g   # the 1M case (long build)
# Maven options (an offline local repository, say) come from MAVEN_ARGS, which Maven reads itself.
set -euo pipefail
cd "$(dirname "$0")"
MODULE_DIR=$(pwd)
../mvnw -B -q -f "$MODULE_DIR/pom.xml" test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$MODULE_DIR/target/bench-classpath.txt" >/dev/null
CP="$MODULE_DIR/target/test-classes:$MODULE_DIR/target/classes:$(cat "$MODULE_DIR/target/bench-classpath.txt")"
java -cp "$CP" org.openjdk.jmh.Main "${1:-dev.persona.chat.bench.*}" "${@:2}" -rf text -rff "$MODULE_DIR/target/bench-results.txt" \
    | grep -E "RECALL|BUILD|REFRESH|ANSWER|Benchmark|p0.50|p0.99|·p0|^Result|ms/op|us/op" || true
echo "Full results: $MODULE_DIR/target/bench-results.txt"
