#!/bin/sh
# One call through LangChain4j and through Spring AI, against a local OpenAI-compatible server (no network, no key):
# prints both run identities (the same), and verifies the provenance each framework wrote.
# Usage (from anywhere): examples/cross-framework/run.sh
set -eu
cd "$(dirname -- "$0")/../.."
exec ./mvnw -q -B -pl examples/cross-framework -am -DskipTests package exec:exec "$@"
