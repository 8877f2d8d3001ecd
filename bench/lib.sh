# Shared by the bench scripts (sourced from the project root): what they need installed and built.

# Stops with the apt-get line to run when a Debian package the bench needs is missing.
require_packages() {
  local missing=()
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Missing: ${missing[*]}. Install: sudo apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
}

# Builds Persona and the bench (as ./persona does) unless the bench jar, the launcher and every service are built.
# After changing service or bench code, rebuild with ./persona build.
build_if_missing() {
  local built=1
  for jar in bench/target/persona-bench.jar launcher/target/persona-launcher.jar; do
    [ -f "$jar" ] || built=0
  done
  for s in auth-service ingest-service transcribe-service embed-service chat-service; do
    [ -f "$s/target/quarkus-app/quarkus-run.jar" ] || built=0
  done
  if [ "$built" = 0 ]; then
    echo "Building Persona and the bench (./mvnw -B -q package -DskipTests)..."
    ./mvnw -B -q package -DskipTests
  fi
}
