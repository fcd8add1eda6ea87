#!/usr/bin/env bash
# Checks the bundled examples end to end: gostructlint reports at least one
# finding in every example package, and the code that -fix writes builds and
# passes go vet. Usage: scripts/examples-check.sh [path-to-gostructlint]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

gsl=${1:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "$gsl" ]; then
	gsl="$tmp/gostructlint"
	go build -o "$gsl" ./cmd/gostructlint
fi

# 1. Findings: exit code 3 and a finding in each example package.
status=0
"$gsl" ./examples/... >"$tmp/findings.txt" 2>&1 || status=$?
cat "$tmp/findings.txt"
if [ "$status" -ne 3 ]; then
	echo "FAIL: gostructlint ./examples/... exited $status, want 3 (findings)" >&2
	exit 1
fi
missing=0
for dir in $(go list -f '{{.Dir}}' ./examples/...); do
	rel=${dir#"$root"/}
	if ! grep -q "^$rel/" "$tmp/findings.txt" && ! grep -q "^\./$rel/" "$tmp/findings.txt" && ! grep -q "$dir/" "$tmp/findings.txt"; then
		echo "FAIL: no finding in $rel" >&2
		missing=1
	fi
done
[ "$missing" -eq 0 ] || exit 1
echo "findings in every example package: $(grep -c ': ' "$tmp/findings.txt") lines"

# 2. Fixes: apply them to a copy of the module, then build and vet it.
mkdir "$tmp/module"
git ls-files -z | xargs -0 -I{} cp --parents {} "$tmp/module/" 2>/dev/null || cp -r . "$tmp/module"
cp -r examples "$tmp/module/" # include files not yet committed
cd "$tmp/module"
"$gsl" -fix ./examples/... >/dev/null 2>&1 || true
go build ./examples/...
go vet ./examples/...
echo "fixed examples build and pass go vet"
git -C "$root" diff --no-index --stat "$root/examples" "$tmp/module/examples" | tail -1 || true
