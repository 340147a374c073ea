#!/bin/sh
# The main job on the bundled example: declare → identity → attest → run → bind the output → verify.
# Works in a fresh temporary directory and leaves the repository untouched. Needs a built airid
# (./mvnw -B -q -DskipTests install).
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
airid="$here/../bin/airid"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

echo "== 1. the identity of the declaration, before anything runs"
"$airid" id "$here/code-review.declaration.json"

echo "== 2. a signing key (the private key is written 0600)"
"$airid" keygen --algorithm ed25519 --out demo 2>/dev/null

echo "== 3. attest the declaration (prompts redacted: the bundle carries only their digests)"
"$airid" attest "$here/code-review.declaration.json" --key demo.key --redact /instructions --out run.bundle.json

echo "== 4. the run happens; its output is bound to the run"
printf '1. app.py line 13: eval() on a request parameter allows remote code execution.\n' > review.md
"$airid" attest-output --run run.bundle.json --key demo.key --reported-model gpt-4o-2024-08-06 \
  --input-tokens 812 --output-tokens 31 review.md

echo "== 5. anyone with demo.pub verifies the output and its run, offline"
"$airid" verify review.md --key demo.pub
