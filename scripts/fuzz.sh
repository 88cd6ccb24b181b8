#!/usr/bin/env bash
# Runs every fuzz target for a while: fuzz.sh [DURATION], default 10m (the
# soak); .ci/run calls it with a few seconds. A crash leaves its input in
# the package's testdata/fuzz/, which then runs as a regression test in
# go test: commit it with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
time="${1:-10m}"
targets=(
	"./internal/versions FuzzCheck"
	"./internal/directive FuzzParseGo"
	"./internal/buildlist FuzzParseModulesTxt"
	"./internal/modcheck FuzzGoModCheck"
	"./internal/osv FuzzDecode"
	"./rules FuzzDecodeCard"
)
if [ -d internal/lsp ] && grep -qs "func FuzzReadMessage" internal/lsp/*_test.go; then
	targets+=("./internal/lsp FuzzReadMessage")
fi
for t in "${targets[@]}"; do
	set -- $t
	echo "== $2 ($1) for $time"
	go test "$1" -run='^$' -fuzz="^$2\$" -fuzztime="$time"
done
