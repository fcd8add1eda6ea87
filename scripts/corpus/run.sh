#!/usr/bin/env bash
# Runs gostructlint on pinned public modules and on the standard library,
# and compares its wall time and peak memory with go vet. See docs/corpus.md.
set -euo pipefail

# Each entry is "NAME MODULE@VERSION"; "std" stands for the standard library
# of the go command in PATH.
readonly CORPUS=(
	"grpc google.golang.org/grpc@v1.85.0"
	"etcd go.etcd.io/etcd/server/v3@v3.7.3"
	"std std"
	"runner gitlab.com/gitlab-org/gitlab-runner@v1.11.1-0.20260903214710-fc1f1862bd91"
	"nats github.com/nats-io/nats-server/v2@v2.15.3"
	"raft github.com/hashicorp/raft@v1.7.2"
	"yamux github.com/hashicorp/yamux@v0.1.2"
	"plugin github.com/hashicorp/go-plugin@v1.8.0"
	"badger github.com/dgraph-io/badger/v4@v4.9.6"
	"caddy github.com/caddyserver/caddy/v2@v2.11.9"
)
# The modules run when -only is not given. The others are concurrency-heavy
# modules for reviewing findings: name them with -only.
readonly DEFAULT_ONLY="grpc,etcd,std,runner"
readonly ANALYZERS="nakedgo,wgmisuse,chanleak,ctxdone"
readonly BUG_ANALYZERS="wgmisuse,chanleak,ctxdone"

usage() {
	cat <<'EOF'
Usage: scripts/corpus/run.sh [-only NAMES] [-rev REV] [-findings] [-novet] [-coldcache] [-keep] [-h]

Builds gostructlint from this repository, downloads pinned modules through
the Go module proxy into a temporary directory, runs `gostructlint -json ./...`
on each (and `gostructlint std` on the standard library), and prints per
module the packages, the findings per analyzer, wall time and peak memory,
beside the same packages under `go vet` (default suite) and under
`go vet -vettool=gostructlint`. Each go vet form runs twice: the first run
also computes the analysis facts of the dependencies (unless an earlier run
cached them), the second runs on a copy of the module, so it finds those
facts in the go command's cache and analyses only the module's packages.

  -only NAMES  comma-separated subset of: grpc,etcd,std,runner,nats,raft,
               yamux,plugin,badger,caddy (default: grpc,etcd,std,runner)
  -rev REV     build gostructlint from commit REV (git archive) instead of
               the working tree, e.g. -rev HEAD while others edit the tree
  -findings    also print every finding of wgmisuse, chanleak and ctxdone
  -novet       skip the go vet and go vet -vettool runs
  -coldcache   use an empty GOCACHE in the temporary directory, so that no
               analysis result of an earlier run is reused (the
               dependencies are still compiled before the timed runs)
  -keep        keep the temporary directory and print its path
  -h           show this help

Network: only the module proxies listed in GOPROXY ("direct" is dropped).
Exit status: 0 even with findings; 1 on a setup failure; 3 when a run of
the tool panicked or was killed by a signal, for example by the kernel's
out-of-memory killer (a crash is always a bug).
EOF
}

only="$DEFAULT_ONLY"
rev=""
show_findings=false
run_vet=true
cold_cache=false
keep=false
while [[ $# -gt 0 ]]; do
	case "$1" in
	-only | --only)
		[[ $# -ge 2 ]] || { echo "run.sh: -only needs a value, e.g. -only=std,grpc" >&2; exit 2; }
		only="$2"
		shift 2
		;;
	-only=* | --only=*) only="${1#*=}"; shift ;;
	-rev | --rev)
		[[ $# -ge 2 ]] || { echo "run.sh: -rev needs a value, e.g. -rev HEAD" >&2; exit 2; }
		rev="$2"
		shift 2
		;;
	-rev=* | --rev=*) rev="${1#*=}"; shift ;;
	-findings | --findings) show_findings=true; shift ;;
	-novet | --novet) run_vet=false; shift ;;
	-coldcache | --coldcache) cold_cache=true; shift ;;
	-keep | --keep) keep=true; shift ;;
	-h | -help | --help) usage; exit 0 ;;
	*) echo "run.sh: unknown argument $1 (see -h)" >&2; exit 2 ;;
	esac
done
for name in ${only//,/ }; do
	known=false
	for entry in "${CORPUS[@]}"; do
		[[ "${entry%% *}" == "$name" ]] && known=true
	done
	$known || { echo "run.sh: unknown module name $name in -only (want one of grpc, etcd, std, runner, nats, raft, yamux, plugin, badger, caddy)" >&2; exit 2; }
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/gostructlint-corpus.XXXXXX")"
cleanup() {
	if $keep; then
		echo "kept temporary directory $tmp" >&2
	else
		chmod -R u+w "$tmp" 2>/dev/null || true
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT

# Restrict the go command to the module proxy: drop "direct" and "off" from
# GOPROXY so that nothing is fetched from a version-control host, and never
# switch to another toolchain.
proxies=""
IFS=',|' read -r -a proxy_entries <<<"$(go env GOPROXY)"
for p in "${proxy_entries[@]}"; do
	[[ "$p" == "direct" || "$p" == "off" || -z "$p" ]] && continue
	proxies="${proxies:+$proxies,}$p"
done
[[ -n "$proxies" ]] || { echo "run.sh: GOPROXY ($(go env GOPROXY)) lists no module proxy" >&2; exit 1; }
export GOPROXY="$proxies" GOTOOLCHAIN=local
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod"

build_dir="$repo"
if [[ -n "$rev" ]]; then
	build_dir="$tmp/build"
	mkdir -p "$build_dir"
	git -C "$repo" archive --format=tar "$rev" | tar -x -C "$build_dir"
	echo "building gostructlint from commit $(git -C "$repo" rev-parse --short "$rev")" >&2
else
	echo "building gostructlint from the working tree $repo (HEAD $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown))" >&2
fi
(cd "$build_dir" && go build -o "$tmp/gostructlint" ./cmd/gostructlint)
(cd "$repo" && go build -o "$tmp/count" ./scripts/corpus/count)
if $cold_cache; then
	export GOCACHE="$tmp/gocache"
fi

crashed=()
mkdir -p "$tmp/out" "$tmp/src"
printf 'module\tpackages\tbroken\terror_lines' >"$tmp/summary.tsv"
printf '\t%s' ${ANALYZERS//,/ } >>"$tmp/summary.tsv"
printf '\twall_s\tpeak_MiB\tvet_s\tvet_again_s\tvet_MiB\tvettool_s\tvettool_again_s\tvettool_MiB\n' >>"$tmp/summary.tsv"

# measure OUT CMD... runs CMD in the current directory under /usr/bin/time -v,
# with its stdout in OUT.stdout and its stderr in OUT.stderr, and never fails.
measure() {
	local out="$1"
	shift
	local status=0
	/usr/bin/time -v -o "$out.time" "$@" >"$out.stdout" 2>"$out.stderr" || status=$?
	echo "$status" >"$out.status"
	if grep -q '^panic: \|^goroutine [0-9]* \[running\]:' "$out.stderr"; then
		echo "!!! PANIC in: $* (see $out.stderr)" >&2
		grep -m1 -A3 '^panic: ' "$out.stderr" >&2 || true
		crashed+=("panic: $*")
	fi
	# A process killed by SIGKILL is most often the out-of-memory killer's
	# victim; the peak resident set size shows how close it came.
	local signal
	signal="$(sed -n 's/^Command terminated by signal \([0-9]*\)$/\1/p' "$out.time")"
	if [[ -n "$signal" ]]; then
		echo "!!! KILLED by signal $signal after $(wall_seconds "$out") s at $(peak_mib "$out") MiB peak RSS: $*" >&2
		crashed+=("signal $signal: $*")
	fi
}

# wall_seconds OUT prints the elapsed wall time of a measure run in seconds.
wall_seconds() {
	awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, part, ":"); s = 0
		for (i = 1; i <= n; i++) s = s * 60 + part[i]
		printf "%.1f", s
	}' "$1.time"
}

# peak_mib OUT prints the maximum resident set size of a measure run in MiB.
peak_mib() {
	awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1.time"
}

# prepare_module NAME MODULE@VERSION copies the module into $tmp/src/NAME and
# makes its dependencies loadable through the module proxy, printing what it
# had to change. It prints the directory to analyse on the last line.
prepare_module() {
	local name="$1" modver="$2"
	local info dir
	info="$(go mod download -json "$modver")" || { echo "run.sh: go mod download $modver failed" >&2; return 1; }
	dir="$(sed -n 's/^\t"Dir": "\(.*\)",$/\1/p' <<<"$info")"
	[[ -n "$dir" ]] || { echo "run.sh: no Dir for $modver: $info" >&2; return 1; }
	cp -r "$dir" "$tmp/src/$name"
	chmod -R u+w "$tmp/src/$name"
	cd "$tmp/src/$name"

	# A replace directive that points at a directory outside the module
	# (../api) or at a nested module (its own go.mod) is not part of the
	# module zip: drop it so the required version comes from the proxy.
	local old target
	while read -r old target; do
		[[ -z "$old" ]] && continue
		if [[ ! -f "$target/go.mod" ]]; then
			echo "  $name: dropping replace $old => $target (not in the module zip)" >&2
			go mod edit -dropreplace="$old"
		fi
	done < <(go mod edit -json | awk '
		/^\t"Replace": \[/ { inrep = 1 }
		inrep && /"Old": \{/ { side = "old" }
		inrep && /"New": \{/ { side = "new" }
		inrep && /"Path":/ {
			gsub(/[",]/, "", $2)
			if (side == "old") old = $2
			else if ($2 ~ /^\.\.?\// || $2 ~ /^\//) print old, $2
		}
		inrep && /^\t\]/ { inrep = 0 }
	')

	# Probe every requirement by itself. When the proxy rejects even the
	# go.mod of a version, the module graph cannot load, so that requirement
	# is dropped and only the packages that import it fail. When only the
	# zip is rejected, the graph loads and only the importers fail.
	local requirements mod
	requirements="$(go mod edit -json | awk '
		/"Require": \[/ { inreq = 1 }
		inreq && /"Path":/ { gsub(/[",]/, "", $2); path = $2 }
		inreq && /"Version":/ { gsub(/[",]/, "", $2); print path "@" $2 }
		inreq && /^\t\]/ { inreq = 0 }
	')"
	if [[ -n "$requirements" ]]; then
		# go mod download exits non-zero when any module fails; the JSON
		# still lists each module with its Error.
		go mod download -json $requirements >"$tmp/out/$name.download.json" 2>/dev/null || true
		awk '
			/^\t"Path":/ { gsub(/[",]/, "", $2); path = $2 }
			/^\t"Version":/ { gsub(/[",]/, "", $2); version = $2 }
			/^\t"Error":/ { sub(/^\t"Error": "/, ""); sub(/",?$/, ""); sub(/\\n.*/, ""); sub(/^[^ ]*: /, ""); error = $0 }
			/^\t"GoMod":/ { gomod = 1 }
			/^}/ { if (error != "") print (gomod ? "zip" : "mod"), path "@" version, error; path = version = error = ""; gomod = 0 }
		' "$tmp/out/$name.download.json" >"$tmp/out/$name.rejected"
		while read -r kind mod _; do
			if [[ "$kind" == mod ]]; then
				echo "  $name: dropping requirement $mod (the proxy rejects its go.mod)" >&2
				go mod edit -droprequire="${mod%@*}"
			fi
		done <"$tmp/out/$name.rejected"
		if [[ -s "$tmp/out/$name.rejected" ]]; then
			echo "  $name: modules the proxy rejects:" >&2
			sed 's/^/    /' "$tmp/out/$name.rejected" >&2
		fi
	fi
	go mod download >/dev/null 2>&1 || true
	pwd
}

# list_packages NAME PATTERN prints the number of packages matching PATTERN
# and the number that cannot be loaded, and writes each of those with the
# first line of its cause to $tmp/out/NAME.broken.
list_packages() {
	local name="$1" pattern="$2"
	# An error may span lines, so each package starts a line with "@@ ".
	go list -e -f '@@ {{.ImportPath}}{{"\t"}}{{if .Error}}{{.Error}}{{else if .DepsErrors}}{{(index .DepsErrors 0).Err}}{{end}}' \
		"$pattern" 2>/dev/null | awk -F'\t' -v broken="$tmp/out/$name.broken" '
		!/^@@ / { next }
		{ total++; sub(/^@@ /, "") }
		$2 != "" { n++; print $1 ": " $2 > broken }
		END { printf "%d %d\n", total, n }'
}

for entry in "${CORPUS[@]}"; do
	name="${entry%% *}"
	modver="${entry#* }"
	[[ ",$only," == *",$name,"* ]] || continue
	echo "=== $name ($modver)" >&2
	out="$tmp/out/$name"
	: >"$out.broken"

	if [[ "$modver" == std ]]; then
		pattern=std
		mkdir -p "$tmp/src/std"
		cd "$tmp/src/std"
		printf 'module corpus.example/std\n\ngo 1.26\n' >go.mod
		trim="$(go env GOROOT)/src"
	else
		pattern=./...
		dir="$(prepare_module "$name" "$modver" | tail -n1)" || { echo "run.sh: skipping $name" >&2; continue; }
		cd "$dir"
		trim="$dir"
	fi
	work="$PWD"

	read -r packages broken < <(list_packages "$name" "$pattern")
	echo "  $packages packages, $broken cannot be loaded" >&2

	# go vet stops at the first package it cannot load, so it gets the
	# loadable packages only.
	vet_args=("$pattern")
	if [[ -s "$out.broken" ]]; then
		mapfile -t vet_args < <(go list -e -f '{{if not (or .Error .DepsErrors)}}{{.ImportPath}}{{end}}' "$pattern" 2>/dev/null | grep .)
	fi
	# Compile the export data of every dependency first, so that no timed
	# run pays for compiling it.
	echo "  go list -export -deps -test (compiles the dependencies; not timed)" >&2
	go list -e -export -deps -test "${vet_args[@]}" >/dev/null 2>&1 || true

	echo "  gostructlint -json $pattern" >&2
	measure "$out.tool" "$tmp/gostructlint" -json "$pattern"
	status="$(cat "$out.tool.status")"
	echo "  exit status $status, $(grep -c . "$out.tool.stderr" || true) lines on stderr" >&2
	if [[ "$status" != 0 && "$status" != 3 && "$broken" == 0 ]]; then
		echo "  $name: gostructlint failed although every package loads; first lines of its stderr:" >&2
		head -n 5 "$out.tool.stderr" | sed 's/^/    /' >&2
	fi
	if [[ ! -s "$out.tool.stdout" ]] || ! "$tmp/count" -analyzers "$ANALYZERS" summary "$out.tool.stdout" >"$out.counts"; then
		echo "  $name: no JSON from gostructlint (exit $(cat "$out.tool.status")); first lines of its stderr:" >&2
		head -n 5 "$out.tool.stderr" | sed 's/^/    /' >&2
		{
			printf 'skipped\t?\n'
			printf '%s\t?\n' ${ANALYZERS//,/ }
		} >"$out.counts"
	fi

	vet_wall="-" vet2_wall="-" vet_peak="-" vt_wall="-" vt2_wall="-" vt_peak="-"
	if $run_vet && [[ "$packages" -gt "$broken" ]]; then
		echo "  go vet, twice (${#vet_args[@]} package arguments)" >&2
		measure "$out.vet" go vet "${vet_args[@]}"
		vet_peak="$(peak_mib "$out.vet")"
		echo "  go vet -vettool=gostructlint, twice" >&2
		measure "$out.vettool" go vet -json -vettool="$tmp/gostructlint" "${vet_args[@]}"
		vt_peak="$(peak_mib "$out.vettool")"
		# The go vet form reports the same findings; its counts stand in
		# for the standalone run's when that run produced no JSON.
		# Go 1.26.8's go vet -json writes the JSON to stdout; stderr is read
		# as well in case another Go version writes it there.
		cat "$out.vettool.stdout" "$out.vettool.stderr" >"$out.vettool.json"
		if "$tmp/count" -analyzers "$ANALYZERS" summary "$out.vettool.json" >"$out.vettool.counts" 2>/dev/null; then
			echo "  findings under go vet -vettool: $(grep -v '^skipped' "$out.vettool.counts" | tr '\t\n' '= ')" >&2
			if grep -q $'\t?$' "$out.counts"; then
				grep -v '^skipped' "$out.vettool.counts" | sed 's/$/(vet)/' >>"$out.counts"
			fi
		fi

		# go vet caches its result per package directory, so the second
		# runs use a copy of the module: the dependencies' facts come from
		# the cache and the module's own packages are analysed again. The
		# standard library cannot be copied, so its second runs are cache
		# hits throughout.
		again="$work"
		if [[ "$pattern" != std ]]; then
			again="$work.again"
			cp -r "$work" "$again"
		fi
		cd "$again"
		# The export data of the module's own packages depends on their
		# directory, so compile it for the copy too (not timed).
		go list -e -export -deps -test "${vet_args[@]}" >/dev/null 2>&1 || true
		measure "$out.vet2" go vet "${vet_args[@]}"
		measure "$out.vettool2" go vet -json -vettool="$tmp/gostructlint" "${vet_args[@]}"
		cd "$work"
		vet_wall="$(wall_seconds "$out.vet")" vet2_wall="$(wall_seconds "$out.vet2")"
		vt_wall="$(wall_seconds "$out.vettool")" vt2_wall="$(wall_seconds "$out.vettool2")"
	fi

	# The tool names each package that fails to load on one stderr line;
	# the multichecker form records "analysis skipped" in the JSON instead.
	error_lines="$(grep -c . "$out.tool.stderr" || true)"
	skipped="$(awk -F'\t' '$1 == "skipped" { print $2 }' "$out.counts")"
	[[ "$skipped" == 0 || "$skipped" == "?" ]] || error_lines="$error_lines+${skipped}skipped"
	{
		printf '%s\t%s\t%s\t%s' "$name" "$packages" "$broken" "$error_lines"
		for a in ${ANALYZERS//,/ }; do
			printf '\t%s' "$(awk -F'\t' -v a="$a" '$1 == a { count = $2 } END { print count }' "$out.counts")"
		done
		printf '\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(wall_seconds "$out.tool")" "$(peak_mib "$out.tool")" \
			"$vet_wall" "$vet2_wall" "$vet_peak" "$vt_wall" "$vt2_wall" "$vt_peak"
	} >>"$tmp/summary.tsv"
	extra="$(cut -f1 "$out.counts" | grep -vxE "skipped|${ANALYZERS//,/|}" || true)"
	[[ -z "$extra" ]] || echo "  $name: analyzers not in the table: $(tr '\n' ' ' <<<"$extra")" >&2

	if [[ -s "$out.broken" ]]; then
		echo "--- $name: packages that cannot be loaded (cause of each)" >&2
		sed 's/^/  /' "$out.broken" >&2
		echo "--- $name: packages that cannot be loaded, by the module in the cause" >&2
		sed -n 's/^[^ ]*: \(module \)\{0,1\}\([^ :]*\).*/\2/p' "$out.broken" | sort | uniq -c | sort -rn | sed 's/^/  /' >&2
	fi
	if $show_findings; then
		findings_source="$out.tool.stdout"
		if [[ ! -s "$findings_source" && -s "$out.vettool.json" ]]; then
			findings_source="$out.vettool.json"
			echo "--- $name: findings of $BUG_ANALYZERS (from go vet -vettool: the standalone run wrote no JSON)"
		else
			echo "--- $name: findings of $BUG_ANALYZERS"
		fi
		"$tmp/count" -analyzers "$BUG_ANALYZERS" -trim "$trim" findings "$findings_source" || true
	fi
	cd "$repo"
done

echo
echo "=== summary (go version $(go env GOVERSION), $(nproc) CPUs; wall in s, peak RSS of the largest process in MiB)"
column -t -s $'\t' "$tmp/summary.tsv"

if [[ ${#crashed[@]} -gt 0 ]]; then
	echo
	echo "!!! ${#crashed[@]} run(s) crashed:" >&2
	printf '  %s\n' "${crashed[@]}" >&2
	exit 3
fi
