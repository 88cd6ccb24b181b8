#!/usr/bin/env bash
# The GitHub Action's step (action.yml): build fixlint from the action's
# checkout, run it with SARIF output, and report the log's path and the
# number of results as step outputs.
#
# Environment (set by action.yml from its inputs; GitHub sets the rest):
#   GITHUB_ACTION_PATH        the action's checkout (this repository)
#   FIXLINT_WORKING_DIRECTORY the module to check (default .)
#   FIXLINT_PATTERNS          package patterns, space-separated (default ./...)
#   FIXLINT_SARIF_FILE        where to write the SARIF log (default fixlint.sarif)
#   FIXLINT_ARGS              more flags, space-separated
#   FIXLINT_FAIL_ON_FINDINGS  "true": exit 1 when there is a finding
#   RUNNER_TEMP, GITHUB_OUTPUT
#
# Exit status: fixlint's own with -format sarif (0, or 1 on an error such
# as a go.mod that does not parse, with the SARIF log still written), or 1
# for findings when FIXLINT_FAIL_ON_FINDINGS is true.
set -uo pipefail

action=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set: run this from action.yml}
workdir=${FIXLINT_WORKING_DIRECTORY:-.}
sarif=${FIXLINT_SARIF_FILE:-fixlint.sarif}
read -r -a patterns <<<"${FIXLINT_PATTERNS:-./...}"
read -r -a args <<<"${FIXLINT_ARGS:-}"

tmp=${RUNNER_TEMP:-$(mktemp -d)}
bin="$tmp/fixlint-action/fixlint"
# GOFLAGS from the workflow (-mod=mod, say) must not steer fixlint's own
# build, which uses this checkout's go.mod and go.sum as they are.
if ! (cd "$action" && GOFLAGS= GOWORK=off go build -o "$bin" ./cmd/fixlint); then
	echo "::error::could not build fixlint from $action"
	exit 1
fi

case "$sarif" in
/*) out=$sarif ;;
*) out="$PWD/$sarif" ;;
esac
mkdir -p "$(dirname "$out")"
# fixlint writes the log once, at the end; a temporary file keeps a
# half-written log from being uploaded if the step is cancelled.
"$bin" -C "$workdir" -format sarif "${args[@]}" "${patterns[@]}" >"$out.tmp"
status=$?
if [ -s "$out.tmp" ]; then
	mv "$out.tmp" "$out"
else
	rm -f "$out.tmp"
fi

findings=0
if [ -f "$out" ]; then
	# One "ruleId" per result: fixlint's SARIF has one property per line.
	findings=$(grep -c '"ruleId":' "$out" || true)
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
	{
		echo "sarif-file=$out"
		echo "findings=$findings"
	} >>"$GITHUB_OUTPUT"
fi
echo "fixlint: $findings findings in $out"

if [ "$status" -ne 0 ]; then
	echo "::error::fixlint exited with status $status (see the messages above; the SARIF log holds what it found)"
	exit "$status"
fi
if [ "${FIXLINT_FAIL_ON_FINDINGS:-false}" = "true" ] && [ "$findings" -gt 0 ]; then
	echo "::error::fixlint reported $findings findings"
	exit 1
fi
exit 0
