#!/usr/bin/env bash
# Check the golangci-lint route: build golangci-lint with the gostructlint
# plugin (cached), run it with .golangci.example.yml on a copy of the
# repository, and check that it reports gostructlint findings and that
# --fix rewrites the code into code that still builds.
#
# Usage: scripts/golangci/ci.sh
#
# Environment:
#   GOLANGCI_LINT_VERSION  golangci-lint version to build (default v2.15.0)
#   GOSTRUCTLINT_GCL_CACHE directory of cached binaries
#                          (default ${XDG_CACHE_HOME:-$HOME/.cache}/gostructlint-gcl)
set -euo pipefail

version="${GOLANGCI_LINT_VERSION:-v2.15.0}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="${GOSTRUCTLINT_GCL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gostructlint-gcl}"
cd "$repo"

fail() {
	echo "ci.sh: FAIL: $*" >&2
	exit 1
}

# The binary contains the analyzers, so the cache key covers every
# non-test Go file the plugin can import, the module files, the build
# script, and the golangci-lint and Go versions.
key="$(
	{
		echo "$version"
		go version
		cat go.mod go.sum scripts/golangci/build.sh
		find plugin analyzers passes async internal -name '*.go' ! -name '*_test.go' ! -path '*/testdata/*' -print0 |
			sort -z | xargs -0 cat
	} | sha256sum | cut -c1-16
)"
bin="$cache/custom-gcl-$key"
if [[ -x "$bin" ]]; then
	echo "ci.sh: using the cached $bin"
else
	echo "ci.sh: building golangci-lint $version with the plugin (takes minutes)"
	start=$SECONDS
	mkdir -p "$cache"
	bash scripts/golangci/build.sh "$bin.tmp"
	mv "$bin.tmp" "$bin"
	echo "ci.sh: built in $((SECONDS - start))s"
fi
"$bin" version

# Work on a copy, because --fix rewrites files.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -C "$repo" --exclude=./.git --exclude=./bin -cf - . | tar -C "$work" -xf -
cd "$work"

# A package with one finding per analyzer family, so the check does not
# depend on what examples/ holds.
mkdir -p gclsample
cat > gclsample/sample.go <<'GO'
// Package gclsample holds unstructured concurrency for the golangci-lint check.
package gclsample

import "time"

// First returns the first value or 0 after a second; the goroutine stays
// blocked on its send when the timeout wins.
func First(compute func() int) int {
	ch := make(chan int)
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

// Fire starts work that nothing joins.
func Fire(work func()) {
	go work()
}
GO

targets=(./gclsample/...)
if compgen -G "examples/*" > /dev/null && [[ -n "$(find examples -name '*.go' -print -quit)" ]]; then
	targets+=(./examples/...)
fi
echo "ci.sh: linting ${targets[*]}"

set +e
"$bin" run -c .golangci.example.yml "${targets[@]}" > "$work/report.txt" 2>&1
code=$?
set -e
cat "$work/report.txt"
[[ $code -eq 1 ]] || fail "golangci-lint exited with $code, want 1 (issues found)"
grep -q '(gostructlint)' "$work/report.txt" || fail "no finding attributed to gostructlint"
for analyzer in nakedgo chanleak; do
	grep -q "$analyzer: " "$work/report.txt" || fail "no $analyzer finding"
done

orig="$(mktemp -d)"
cp -R "$work/gclsample" "$orig/"
set +e
"$bin" run -c .golangci.example.yml --fix "${targets[@]}" > "$work/fix.txt" 2>&1
code=$?
set -e
cat "$work/fix.txt"
[[ $code -le 1 ]] || fail "golangci-lint --fix exited with $code"
if diff -r "$orig/gclsample" "$work/gclsample" > "$work/fix.diff"; then
	fail "--fix changed nothing in gclsample"
fi
rm -rf "$orig"
cat "$work/fix.diff"
go build "${targets[@]}" || fail "the code does not build after --fix"
# Only the sample must pass go vet: examples/ may keep bugs on purpose
# that have no fix and that vet's own analyzers report.
go vet ./gclsample/... || fail "go vet fails on gclsample after --fix"
echo "ci.sh: golangci-lint route OK"
