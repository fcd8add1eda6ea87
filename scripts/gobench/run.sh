#!/usr/bin/env bash
# Scores gostructlint on the GoBench (GoKer) blocking-bug kernels that ship
# with Go, analysing them in place. See docs/gobench.md.
set -euo pipefail

readonly BUG_ANALYZERS="wgmisuse,chanleak,ctxdone"
readonly ALL_ANALYZERS="nakedgo,wgmisuse,chanleak,ctxdone"

usage() {
	cat <<'EOF'
Usage: scripts/gobench/run.sh [-rev REV] [-findings] [-keep] [-h]

Builds gostructlint from this repository and runs it in place on
$(go env GOROOT)/src/runtime/testdata/testgoroutineleakprofile/goker, one
file per kernel (cockroach1055.go is kernel cockroach1055). The kernels
whose row in that directory's README.md has type Communication or Mixed
(channels, WaitGroups, condition variables, alone or with locks) are the
targets: for each it prints found or missed and which bug
analyzers (wgmisuse, chanleak, ctxdone) reported it, then the total. A
nakedgo report does not count as finding the bug. Findings in the other
kernels (mostly lock bugs) are listed for review: each is a real secondary
problem or a false positive.

  -rev REV    build gostructlint from commit REV (git archive) instead of
              the working tree
  -findings   also print every finding in the target kernels with its message
  -keep       keep the temporary directory and print its path
  -h          show this help

Nothing is downloaded (GOPROXY=off) and nothing is written to GOROOT.
Exit status: 0 even with misses; 1 on a setup failure; 3 when the tool
panicked (a panic is always a bug).
EOF
}

rev=""
show_findings=false
keep=false
while [[ $# -gt 0 ]]; do
	case "$1" in
	-rev | --rev)
		[[ $# -ge 2 ]] || { echo "run.sh: -rev needs a value, e.g. -rev HEAD" >&2; exit 2; }
		rev="$2"
		shift 2
		;;
	-rev=* | --rev=*) rev="${1#*=}"; shift ;;
	-findings | --findings) show_findings=true; shift ;;
	-keep | --keep) keep=true; shift ;;
	-h | -help | --help) usage; exit 0 ;;
	*) echo "run.sh: unknown argument $1 (see -h)" >&2; exit 2 ;;
	esac
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
goker="$(go env GOROOT)/src/runtime/testdata/testgoroutineleakprofile/goker"
[[ -f "$goker/README.md" ]] || { echo "run.sh: $goker/README.md not found; use a Go toolchain that ships the GoKer kernels (Go 1.26.8 does)" >&2; exit 1; }
tmp="$(mktemp -d "${TMPDIR:-/tmp}/gostructlint-gobench.XXXXXX")"
cleanup() {
	if $keep; then
		echo "kept temporary directory $tmp" >&2
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
export GOPROXY=off GOTOOLCHAIN=local

build_dir="$repo"
if [[ -n "$rev" ]]; then
	build_dir="$tmp/build"
	mkdir -p "$build_dir"
	git -C "$repo" archive --format=tar "$rev" | tar -x -C "$build_dir"
	commit="$(git -C "$repo" rev-parse --short "$rev")"
else
	commit="working tree at $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
fi
echo "building gostructlint from $commit" >&2
(cd "$build_dir" && go build -o "$tmp/gostructlint" ./cmd/gostructlint)
(cd "$repo" && go build -o "$tmp/count" ./scripts/corpus/count)

# Kernels from the README's table rows, for example
#   |[cockroach#1055]|[pull request]|[patch]| Mixed | Channel & WaitGroup |
# written as "kernel<TAB>type<TAB>sub-type<TAB>target" with target yes or no.
awk -F'|' '
	/^\|\[[A-Za-z]+#[0-9]+\]\|/ {
		id = $2; gsub(/[][#]/, "", id)
		type = $5; gsub(/^ +| +$/, "", type)
		subtype = $6; gsub(/^ +| +$/, "", subtype)
		target = (type ~ /Communication|Mixed/) ? "yes" : "no"
		print tolower(id) "\t" type "\t" subtype "\t" target
	}' "$goker/README.md" >"$tmp/kernels.tsv"
while IFS=$'\t' read -r kernel _; do
	[[ -f "$goker/$kernel.go" ]] || echo "run.sh: README lists kernel $kernel but $goker/$kernel.go does not exist" >&2
done <"$tmp/kernels.tsv"
targets="$(awk -F'\t' '$4 == "yes"' "$tmp/kernels.tsv" | wc -l)"
echo "README.md lists $(wc -l <"$tmp/kernels.tsv") kernels; $targets are blocking bugs of message passing (type Communication or Mixed):"
awk -F'\t' '$4 == "yes" { printf "  %-18s %s\n", $1, $3 }' "$tmp/kernels.tsv"

status=0
(cd "$goker" && "$tmp/gostructlint" -json . >"$tmp/result.json" 2>"$tmp/stderr") || status=$?
if grep -q '^panic: \|^goroutine [0-9]* \[running\]:' "$tmp/stderr"; then
	echo "!!! PANIC in gostructlint on $goker:" >&2
	grep -m1 -A5 '^panic: ' "$tmp/stderr" >&2 || true
	keep=true
	exit 3
fi
if [[ "$status" != 0 && "$status" != 3 ]]; then
	echo "run.sh: gostructlint exited with status $status on $goker; its stderr:" >&2
	cat "$tmp/stderr" >&2
	exit 1
fi

# Findings as "kernel<TAB>analyzer<TAB>category<TAB>file:line:col: message".
"$tmp/count" -analyzers "$ALL_ANALYZERS" -trim "$goker" findings "$tmp/result.json" | awk '
	/^\t/ { next }
	{
		file = $0; sub(/:.*/, "", file)
		kernel = file; sub(/\.go$/, "", kernel)
		rest = $0; sub(/^[^ ]* /, "", rest)
		analyzer = rest; sub(/ .*/, "", analyzer)
		category = rest; sub(/^[^ ]* /, "", category); sub(/: .*/, "", category)
		position = $0; sub(/: .*/, "", position)
		message = rest; sub(/^[^:]*: /, "", message)
		print kernel "\t" analyzer "\t" category "\t" position ": " message
	}' >"$tmp/findings.tsv"

echo
echo "=== channel and WaitGroup kernels ($commit, go $(go env GOVERSION))"
printf '%-18s %-28s %-6s %s\n' kernel sub-type result "bug analyzers (category)"
found=0
while IFS=$'\t' read -r kernel _ subtype target; do
	[[ "$target" == yes ]] || continue
	by="$(awk -F'\t' -v k="$kernel" -v bugs=",$BUG_ANALYZERS," '
		$1 == k && index(bugs, "," $2 ",") { print $3 }' "$tmp/findings.tsv" | sort | uniq -c |
		awk '{ printf "%s%s%s", (NR > 1 ? ", " : ""), $2, ($1 > 1 ? " x" $1 : "") }')"
	naked="$(awk -F'\t' -v k="$kernel" '$1 == k && $2 == "nakedgo"' "$tmp/findings.tsv" | wc -l)"
	if [[ -n "$by" ]]; then
		found=$((found + 1))
		result=found
	else
		result=missed
	fi
	printf '%-18s %-28s %-6s %s%s\n' "$kernel" "$subtype" "$result" "$by" \
		"$( ((naked > 0)) && echo " [nakedgo x$naked]" || true)"
done <"$tmp/kernels.tsv"
echo
echo "found $found of $targets channel and WaitGroup kernels (bug analyzers only: $BUG_ANALYZERS)"

if $show_findings; then
	echo
	echo "=== bug-analyzer findings in the channel and WaitGroup kernels"
	awk -F'\t' -v bugs=",$BUG_ANALYZERS," 'NR == FNR { if ($4 == "yes") t[$1] = 1; next }
		($1 in t) && index(bugs, "," $2 ",") { print $2 " " $3 ": " $4 }' "$tmp/kernels.tsv" "$tmp/findings.tsv"
fi

echo
echo "=== bug-analyzer findings in the other kernels (each is a secondary bug or a false positive)"
awk -F'\t' -v bugs=",$BUG_ANALYZERS," '
	NR == FNR { if ($4 == "no") { other[$1] = $3 }; if ($4 == "yes") target[$1] = 1; next }
	!index(bugs, "," $2 ",") { next }
	($1 in other) { n++; print "  " $1 " (" other[$1] "): " $2 " " $3 ": " $4; next }
	!($1 in target) { n++; print "  " $1 " (no README row): " $2 " " $3 ": " $4 }
	END { printf "%d finding(s)\n", n }' "$tmp/kernels.tsv" "$tmp/findings.tsv"
