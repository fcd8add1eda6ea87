// Command gostructlint finds unstructured concurrency in Go code: naked
// goroutines, sync.WaitGroup misuse, goroutines that leak blocked on a
// channel, and blocking that ignores context cancellation. Each finding
// offers a fix that rewrites the code onto the structured-concurrency
// package async, or a smaller local repair.
//
// Usage:
//
//	gostructlint [flags] packages...
//	gostructlint help [analyzer]
//	go vet -vettool=$(which gostructlint) [flags] packages...
//	go fix -fixtool=$(which gostructlint) [flags] packages...
//
// Standalone, it loads the packages with go/packages and prints findings as
// "file:line:col: message" on stderr, like go vet. Its flags:
//
//	-NAME=false            disable analyzer NAME (nakedgo, wgmisuse, chanleak, ctxdone);
//	                       -NAME (true) runs only the analyzers named so
//	-NAME.FLAG=value       set a flag of analyzer NAME, e.g. -nakedgo.allow-packages=...
//	-fixstyle=async|minimal order the fixes of every analyzer: the rewrite onto
//	                       package async first (default), or the minimal repair first
//	-fix                   apply the first fix of each finding
//	-diff                  print the fixes as a unified diff instead of applying them
//	-format=text|json|sarif output format; json is the shape of go vet -json,
//	                       sarif is SARIF 2.1.0 for code-scanning services
//	-json                  same as -format=json
//	-baseline=FILE         report only findings that FILE does not record
//	-write-baseline=FILE   record the current findings in FILE and exit
//	-test=false            skip test files
//	-v                     print progress and timing on stderr
//
// Exit codes:
//
//	0  no findings
//	1  an error: invalid flags, a package that failed to load or type-check,
//	   an analyzer that failed or panicked; the findings, if any, are incomplete
//	3  findings were reported
//
// The code 3 for findings is the one go vet and x/tools' multichecker use:
// 1 means failure and 2 is what the flag package and the go command use for
// usage errors, so 3 is the first code that means "ran fine, found something".
// With -fix the exit code is 0 once the fixes are written; with -diff it is 3
// when there are findings. A package that fails to type-check is named on
// one error line with its first error, and the other packages are still
// analyzed.
//
// Under go vet or go fix, the go command runs gostructlint once per package
// with a *.cfg file (the unitchecker protocol) after asking for its version
// (-V=full) and flags (-flags); that mode is x/tools' unitchecker, and
// -fixstyle works there too. Under go fix, the analyzers run as one, which
// applies at most one fix to each region of code, as -fix does standalone.
//
// A finding is silenced in the source by a directive that names the
// analyzers and gives a reason:
//
//	//gostructlint:ignore nakedgo,chanleak the worker lives as long as the process
package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/gostructlint/gostructlint/analyzers"
	"github.com/gostructlint/gostructlint/internal/driver"
)

func main() {
	all := analyzers.All()
	args := os.Args[1:]
	if runByGoCommand(args) {
		flag.Var(driver.FixStyleFlag(all), "fixstyle", "order of the suggested fixes of every analyzer: async or minimal")
		if applyingFixes(args) {
			// unitchecker merges the first fix of every analyzer, and two
			// analyzers often fix the same go statement. So the analyzers
			// run as one that passes on one fix per region of code.
			enabled := driver.RegisterAnalyzerFlags(flag.CommandLine, all)
			multichecker.Main(driver.Combine("gostructlint", all, enabled))
			return
		}
		multichecker.Main(all...)
		return
	}
	os.Exit(driver.Main(all, args, driver.Options{Progname: filepath.Base(os.Args[0])}))
}

// runByGoCommand reports whether the go command runs the tool as a vet or
// fix tool, which it does with -V=full, with -flags, or with the *.cfg file
// that describes one package.
func runByGoCommand(args []string) bool {
	for _, arg := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if strings.HasPrefix(arg, "-") && (name == "V" || name == "flags") {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

// applyingFixes reports whether the go command runs the tool on a package
// with -fix, as go fix and go vet -fix do.
func applyingFixes(args []string) bool {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false
	}
	for _, arg := range args {
		name, value, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if strings.HasPrefix(arg, "-") && name == "fix" && value != "false" {
			return true
		}
	}
	return false
}
