// Package driver runs analyzers over packages loaded with go/packages and
// reports their findings as text, JSON or SARIF, with a baseline of
// accepted findings and the application of suggested fixes.
//
// It is the standalone mode of the gostructlint command. The go vet and
// go fix modes use x/tools' unitchecker instead, because the go command
// drives those one package at a time.
package driver

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
)

// Exit codes of Main.
const (
	ExitOK       = 0 // no findings
	ExitError    = 1 // invalid flags, packages that failed to load, analyzer errors
	ExitFindings = 3 // findings reported; 2 is left to usage errors of the flag package and the go command
)

// Options configures one run of Main beyond its command-line arguments.
type Options struct {
	Progname string    // name in error lines; "gostructlint" when empty
	Dir      string    // directory in which patterns are resolved; the current directory when empty
	Stdout   io.Writer // JSON, SARIF and diff output
	Stderr   io.Writer // text diagnostics, errors and -v progress
}

// Main parses args (flags, then package patterns), analyzes the packages
// with the enabled analyzers and prints what they report. It returns the
// process exit code: ExitOK, ExitError or ExitFindings.
//
// Main sets the flags of the analyzers it is given, which are global
// state, so it is meant to run once per process.
func Main(all []*analysis.Analyzer, args []string, opts Options) (code int) {
	if opts.Progname == "" {
		opts.Progname = "gostructlint"
	}
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	r := &runner{opts: opts}
	defer func() {
		if p := recover(); p != nil {
			r.errorf("internal error: %v", p)
			code = ExitError
		}
	}()

	cfg, err := parseFlags(opts.Progname, all, args, opts.Stderr)
	if errors.Is(err, errHelpShown) {
		return ExitOK
	}
	if err != nil {
		r.errorf("%v", err)
		return ExitError
	}
	if cfg.dir, err = absDir(opts.Dir); err != nil {
		r.errorf("%v", err)
		return ExitError
	}
	r.cfg = cfg
	return r.run()
}

// runner holds the state of one Main call.
type runner struct {
	opts   Options
	cfg    *config
	errors []string // the error lines printed, for SARIF
	start  time.Time
}

func (r *runner) run() int {
	r.start = time.Now()
	if r.cfg.help {
		// Asked-for help goes to stdout, so that it can be paged.
		if err := printHelp(r.opts.Stdout, r.opts.Progname, r.cfg.all, r.cfg.patterns); err != nil {
			r.errorf("%v", err)
			return ExitError
		}
		return ExitOK
	}
	if len(r.cfg.patterns) == 0 {
		printUsage(r.opts.Stderr, r.opts.Progname)
		return ExitError
	}

	var base *Baseline
	if r.cfg.baseline != "" {
		b, err := ReadBaseline(r.cfg.baseline)
		if err != nil {
			r.errorf("%v", err)
			return ExitError
		}
		base = b
	}

	pkgs, root, err := r.load()
	if err != nil {
		r.errorf("%v", err)
		return ExitError
	}
	result, err := r.analyze(pkgs)
	if err != nil {
		r.errorf("%v", err)
		return ExitError
	}
	findings := collectFindings(result, root)
	r.progressf("%d findings", len(findings))

	if r.cfg.writeBaseline != "" {
		if err := WriteBaseline(r.cfg.writeBaseline, findings); err != nil {
			r.errorf("%v", err)
			return ExitError
		}
		r.progressf("wrote %d findings to %s", len(findings), r.cfg.writeBaseline)
		return r.exitCode(nil)
	}
	if base != nil {
		var accepted int
		findings, accepted = base.Filter(findings)
		r.progressf("baseline %s accepts %d findings, %d are new", r.cfg.baseline, accepted, len(findings))
	}

	if r.cfg.fix || r.cfg.diff {
		if note := r.applyFixes(findings, root); note != "" {
			for _, line := range strings.Split(note, "\n") {
				fmt.Fprintf(r.opts.Stderr, "%s: %s\n", r.opts.Progname, line)
			}
		}
		if r.cfg.fix {
			return r.exitCode(nil)
		}
		return r.exitCode(findings)
	}

	if err := r.print(findings, result, root); err != nil {
		r.errorf("writing output: %v", err)
	}
	return r.exitCode(findings)
}

// exitCode returns ExitError when any error line was printed (the findings
// are then incomplete), ExitFindings when findings remain, and ExitOK
// otherwise.
func (r *runner) exitCode(findings []*Finding) int {
	switch {
	case len(r.errors) > 0:
		return ExitError
	case len(findings) > 0:
		return ExitFindings
	}
	return ExitOK
}

func (r *runner) print(findings []*Finding, result *analysisResult, root string) error {
	switch r.cfg.format {
	case formatJSON:
		return writeJSON(r.opts.Stdout, findings, result)
	case formatSARIF:
		return writeSARIF(r.opts.Stdout, findings, result, root, r.errors)
	}
	return writeText(r.opts.Stderr, findings, r.cfg.dir)
}

// errorf prints one error line on stderr and marks the run as failed.
func (r *runner) errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	r.errors = append(r.errors, msg)
	fmt.Fprintf(r.opts.Stderr, "%s: %s\n", r.opts.Progname, msg)
}

// progressf prints a progress line on stderr when -v is set.
func (r *runner) progressf(format string, args ...any) {
	if r.cfg == nil || !r.cfg.verbose {
		return
	}
	elapsed := time.Since(r.start).Round(time.Millisecond)
	fmt.Fprintf(r.opts.Stderr, "%s: [%v] %s\n", r.opts.Progname, elapsed, fmt.Sprintf(format, args...))
}
