#!/usr/bin/env bash
# bench/run.sh: fixlint's end-to-end benchmarks (docs/performance.md).
#
#   1. go vet -vettool=fixlint ./... against a no-op unitchecker tool
#      (bench/noop), on golang.org/x/tools@v0.52.0, with the embedded cards
#      and with -fixlint.osv.
#   2. The standalone command against govulncheck v1.9.0 on the same
#      database: fixlint -scan module against govulncheck -scan module,
#      the whole fixlint run against govulncheck -scan symbol, on
#      github.com/gin-gonic/gin@v1.9.0 (and x/tools for the symbol scan).
#   3. fixlint upgrade ./... with 5 upgrade candidates on a generated
#      200-package module, warm, RUNS times (BenchmarkUpgradePlan in
#      cmd/fixlint; it needs neither the network nor the database).
#
# It needs the go command, the module proxy, and ../shared/data/vulndb-osv
# beside the repository (or OSV_DIR). Runs alternate between the tools; the
# ratios are medians over RUNS rounds of per-round ratios. Wall time is
# what a user waits; CPU time (user+sys) is steadier on a busy machine.
# Peak memory is GNU time's maximum resident set size: for go vet, that of
# the largest process of the tree (a vet tool process or the go command).
#
#   bench/run.sh              # RUNS=5; 11 to 15 minutes on 2 CPUs
#   RUNS=3 bench/run.sh
set -euo pipefail

RUNS=${RUNS:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)
OSV_DIR=${OSV_DIR:-$repo/../shared/data/vulndb-osv}
if [[ ! -d $OSV_DIR ]]; then
	echo "bench/run.sh: no OSV database at $OSV_DIR: clone the repository with ../shared beside it, or set OSV_DIR" >&2
	exit 1
fi
OSV_DIR=$(cd "$OSV_DIR" && pwd)
TIME=/usr/bin/time
if ! "$TIME" -f %M true >/dev/null 2>&1; then
	echo "bench/run.sh: GNU time is missing (apt-get install time); peak memory is not measured" >&2
	TIME=
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/fixlint-bench.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export GOWORK=off GOTOOLCHAIN=local GOFLAGS=
say() { printf '%s\n' "$*" >&2; }

# --- machine -------------------------------------------------------------
model=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || true)
echo "machine: $(nproc) CPUs, ${model:-unknown model}, $(go version | cut -d' ' -f3-), RUNS=$RUNS"

# --- tools ---------------------------------------------------------------
say "building the tools"
bin=$work/bin
mkdir -p "$bin"
(cd "$repo" && go build -o "$bin/fixlint" ./cmd/fixlint)
(cd "$repo" && go build -o "$bin/noop" ./bench/noop)
(cd "$repo" && go build -ldflags=-X=main.facts=yes -o "$bin/noopfacts" ./bench/noop)
(cd "$work" && GOBIN=$bin go install golang.org/x/vuln/cmd/govulncheck@v1.9.0)

say "preparing the databases"
"$bin/fixlint" osv compile "$OSV_DIR" "$work/osv.idx" >&2
# govulncheck's -db layout, written by the Go code that the comparison test
# in internal/osv uses.
(cd "$repo" && go test ./internal/osv -run '^TestWriteGovulncheckDB$' -count=1 \
	-args -govulncheck-db="$work/vulndb" -govulncheck-db-from="$OSV_DIR" >/dev/null)

# module copies a module from the module cache into $work, writable.
module() {
	local dir
	dir=$(cd "$work" && go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	cp -r "$dir" "$work/$2"
	chmod -R u+w "$work/$2"
	# go vet also compiles the test packages; its exit status is that of
	# the analysis.
	(cd "$work/$2" && go mod download && go build ./... && { go vet -vettool="$bin/noop" ./... >/dev/null 2>&1 || true; })
}
say "fetching golang.org/x/tools@v0.52.0 and github.com/gin-gonic/gin@v1.9.0, and warming the build cache"
module golang.org/x/tools@v0.52.0 xtools
module github.com/gin-gonic/gin@v1.9.0 gin

# --- measuring -------------------------------------------------------------
# measure NAME DIR CMD...: runs CMD in DIR and appends "wall cpu maxrss_kb
# status" to $work/NAME.
measure() {
	local name=$1 dir=$2
	shift 2
	local out=$work/last.time status=0
	if [[ -n $TIME ]]; then
		(cd "$dir" && "$TIME" -o "$out" -f '%e %U %S %M' "$@" >/dev/null 2>"$work/last.err") || status=$?
		# GNU time writes "Command exited with non-zero status N" first
		# when the command fails (go vet does when there are findings).
		read -r wall user sys rss < <(tail -n 1 "$out")
	else
		local t0 t1
		t0=$(date +%s.%N)
		(cd "$dir" && "$@" >/dev/null 2>"$work/last.err") || status=$?
		t1=$(date +%s.%N)
		wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}') user=0 sys=0 rss=0
	fi
	if grep -q 'panic:\|fatal error:' "$work/last.err"; then
		say "$name crashed:"
		cat "$work/last.err" >&2
		exit 1
	fi
	echo "$wall $user $sys $rss $status" | awk '{print $1, $2 + $3, $4, $5}' >>"$work/$name"
}

# fresh NAME: a copy of the tool $bin/NAME with random bytes appended.
# go vet keys its cache on the tool's -V=full output, which unitchecker
# makes from a hash of the executable: every run misses the vet cache for
# both tools alike, while the compile cache (export data) stays warm. This
# is cheaper and less noisy than copying a seeded GOCACHE (hundreds of MB)
# before each run, and measures the same thing.
fresh() {
	cp "$bin/$1" "$work/vettool-$1"
	head -c 32 /dev/urandom >>"$work/vettool-$1"
	echo "$work/vettool-$1"
}

vet_round() {
	local t
	for t in "$@"; do
		case $t in
		noop) measure vet-noop "$work/xtools" go vet -vettool="$(fresh noop)" ./... ;;
		noopfacts) measure vet-noopfacts "$work/xtools" go vet -vettool="$(fresh noopfacts)" ./... ;;
		fixlint) measure vet-fixlint "$work/xtools" go vet -vettool="$(fresh fixlint)" ./... ;;
		fixlint-osv) measure vet-fixlint-osv "$work/xtools" go vet -vettool="$(fresh fixlint)" -fixlint.osv="$work/osv.idx" ./... ;;
		esac
	done
}

gvc=$bin/govulncheck
db=file://$work/vulndb
standalone_round() {
	local t
	for t in "$@"; do
		case $t in
		fl-mod) measure gin-fixlint-module "$work/gin" "$bin/fixlint" -osv "$work/osv.idx" -scan module -format json ;;
		gv-mod) measure gin-govulncheck-module "$work/gin" "$gvc" -db "$db" -scan module -format json ;;
		fl-all) measure gin-fixlint "$work/gin" "$bin/fixlint" -osv "$work/osv.idx" -test=false -format json ./... ;;
		gv-sym) measure gin-govulncheck-symbol "$work/gin" "$gvc" -db "$db" -scan symbol -format json ./... ;;
		xfl-all) measure xtools-fixlint "$work/xtools" "$bin/fixlint" -osv "$work/osv.idx" -test=false -format json ./... ;;
		xgv-sym) measure xtools-govulncheck-symbol "$work/xtools" "$gvc" -db "$db" -scan symbol -format json ./... ;;
		esac
	done
}
# Rotate the order every round, so that no tool always runs first.
rotate() {
	local n=$1
	shift
	local a=("$@") i
	for ((i = 0; i < ${#a[@]}; i++)); do printf '%s ' "${a[(i + n) % ${#a[@]}]}"; done
}

say "warm-up round (not counted)"
vet_round noop fixlint-osv
rm -f "$work"/vet-*
for ((r = 0; r < RUNS; r++)); do
	say "round $((r + 1))/$RUNS: go vet"
	# shellcheck disable=SC2046
	vet_round $(rotate "$r" noop fixlint noopfacts fixlint-osv)
	say "round $((r + 1))/$RUNS: standalone"
	# shellcheck disable=SC2046
	standalone_round $(rotate "$r" fl-mod gv-mod fl-all gv-sym)
	# shellcheck disable=SC2046
	standalone_round $(rotate "$r" xfl-all xgv-sym)
done

# --- report ----------------------------------------------------------------
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.4g\n", (a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -v c="$2" '{print $c}' "$work/$1"; }
# ratio A B COL: the median over rounds of A's COL divided by B's.
ratio() { paste <(col "$1" "$3") <(col "$2" "$3") | awk '{printf "%.4f\n", ($2 > 0 ? $1/$2 : 0)}' | median; }
row() {
	printf '%-28s wall %7.2fs  cpu %7.2fs  peak %7.0f MB  exit %s\n' "$1" \
		"$(col "$1" 1 | median)" "$(col "$1" 2 | median)" "$(col "$1" 3 | median | awk '{print $1 / 1024}')" "$(col "$1" 4 | sort -u | tr '\n' ' ')"
}

echo
echo "== medians over $RUNS rounds"
for f in vet-noop vet-noopfacts vet-fixlint vet-fixlint-osv gin-fixlint-module gin-govulncheck-module gin-fixlint gin-govulncheck-symbol xtools-fixlint xtools-govulncheck-symbol; do
	row "$f"
done
echo
echo "== ratios (median of per-round ratios; wall, cpu)"
pr() { printf '%-58s %6sx  %6sx\n' "$1" "$(ratio "$2" "$3" 1)" "$(ratio "$2" "$3" 2)"; }
pr "go vet x/tools: fixlint / no-op" vet-fixlint vet-noop
pr "go vet x/tools: fixlint -fixlint.osv / no-op" vet-fixlint-osv vet-noop
pr "go vet x/tools: fixlint / no-op with a fact" vet-fixlint vet-noopfacts
pr "go vet x/tools: fixlint -fixlint.osv / no-op with a fact" vet-fixlint-osv vet-noopfacts
pr "gin: govulncheck -scan module / fixlint -scan module" gin-govulncheck-module gin-fixlint-module
pr "gin: govulncheck -scan symbol / fixlint -osv ./..." gin-govulncheck-symbol gin-fixlint
pr "x/tools: govulncheck -scan symbol / fixlint -osv ./..." xtools-govulncheck-symbol xtools-fixlint
echo "(the last three are speed-ups: above 1 means fixlint is faster)"
echo
echo "== every round: wall s, cpu s, peak KB, exit status"
for f in vet-noop vet-noopfacts vet-fixlint vet-fixlint-osv gin-fixlint-module gin-govulncheck-module gin-fixlint gin-govulncheck-symbol xtools-fixlint xtools-govulncheck-symbol; do
	printf '%-28s %s\n' "$f" "$(awk '{printf "%s/%s/%s/%s  ", $1, $2, $3, $4}' "$work/$f")"
done

# --- fixlint upgrade ---------------------------------------------------------
say "fixlint upgrade ./...: BenchmarkUpgradePlan, $RUNS runs"
if ! (cd "$repo" && go test ./cmd/fixlint -run '^$' -bench '^BenchmarkUpgradePlan$' -benchtime "${RUNS}x" -count 1) >"$work/upgrade.out" 2>&1; then
	cat "$work/upgrade.out" >&2
	exit 1
fi
echo
echo "== fixlint upgrade ./... (5 upgrade candidates, 200 packages; mean of $RUNS warm runs)"
awk '/^BenchmarkUpgradePlan/ {
	for (i = 3; i < NF; i++) m[$(i + 1)] = $i
	printf "%.2f s per plan run (%.2f s per plan), %.0f%% of it with a go command running (%d go commands)\n", m["s/run"], m["s/plan"], m["go-share-%"], m["go-cmds/run"]
}' "$work/upgrade.out"
