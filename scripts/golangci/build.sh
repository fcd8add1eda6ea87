#!/usr/bin/env bash
# Build golangci-lint with the gostructlint plugin compiled in.
#
# Usage: scripts/golangci/build.sh [OUTPUT]     (default ./bin/custom-gcl)
#
# It does what `golangci-lint custom` does with .custom-gcl.yml, except that
# the golangci-lint source comes from the Go module proxy instead of a git
# clone, so it works where only the module proxy is reachable:
#   1. download github.com/golangci/golangci-lint/v2 at GOLANGCI_LINT_VERSION
#      (default v2.15.0) into a writable temporary copy;
#   2. replace cmd/golangci-lint/plugins.go with a file that imports the
#      plugin package of this repository;
#   3. point the gostructlint module at this checkout with a replace
#      directive and run go mod tidy;
#   4. build ./cmd/golangci-lint to OUTPUT.
set -euo pipefail

version="${GOLANGCI_LINT_VERSION:-v2.15.0}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
output="${1:-./bin/custom-gcl}"
mkdir -p "$(dirname "$output")"
output="$(cd "$(dirname "$output")" && pwd)/$(basename "$output")"

work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

echo "build.sh: downloading golangci-lint $version from the module proxy" >&2
src="$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "github.com/golangci/golangci-lint/v2@$version" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
if [[ -z "$src" || ! -d "$src" ]]; then
	echo "build.sh: go mod download did not return the source directory of golangci-lint $version" >&2
	exit 1
fi
cp -R "$src" "$work/golangci-lint"
chmod -R u+w "$work/golangci-lint"
cd "$work/golangci-lint"

cat > cmd/golangci-lint/plugins.go <<'GO'
package main

import (
	_ "github.com/gostructlint/gostructlint/plugin"
)
GO

echo "build.sh: adding the plugin from $repo" >&2
go mod edit -replace "github.com/gostructlint/gostructlint=$repo"
go mod edit -require "github.com/gostructlint/gostructlint@v0.0.0"
GOFLAGS=-mod=mod go mod tidy

echo "build.sh: building $output" >&2
go build -trimpath \
	-ldflags "-s -w -X 'main.version=${version#v}-gostructlint' -X 'main.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)'" \
	-o "$output" ./cmd/golangci-lint
echo "build.sh: built $output" >&2
