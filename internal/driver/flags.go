package driver

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Output formats of -format.
const (
	formatText  = "text"
	formatJSON  = "json"
	formatSARIF = "sarif"
)

// config is the parsed command line.
type config struct {
	all           []*analysis.Analyzer // every analyzer, for help
	analyzers     []*analysis.Analyzer // the enabled analyzers
	patterns      []string
	dir           string // absolute directory in which patterns are resolved
	format        string
	fix, diff     bool
	tests         bool
	verbose       bool
	baseline      string
	writeBaseline string
	help          bool
}

var errHelpShown = errors.New("help shown")

// parseFlags parses the command line of the standalone mode. Besides the
// driver's own flags it defines, for each analyzer NAME, the enable flag
// -NAME and the analyzer's flags as -NAME.FLAG, the same names that
// multichecker and go vet use.
func parseFlags(progname string, all []*analysis.Analyzer, args []string, stderr io.Writer) (*config, error) {
	cfg := &config{format: formatText, tests: true}
	fs := flag.NewFlagSet(progname, flag.ContinueOnError)
	fs.SetOutput(stderr)

	isEnabled := RegisterAnalyzerFlags(fs, all)
	fs.Var(FixStyleFlag(all), "fixstyle", "order of the suggested fixes of every analyzer: async (rewrite onto package async first) or minimal (smallest local repair first); -NAME.fixstyle overrides it when it comes later")

	var jsonOutput bool
	fs.BoolVar(&cfg.fix, "fix", false, "apply the first suggested fix of each reported finding and print nothing else")
	fs.BoolVar(&cfg.diff, "diff", false, "print the suggested fixes as a unified diff on stdout instead of applying them")
	fs.BoolVar(&jsonOutput, "json", false, "same as -format=json")
	fs.StringVar(&cfg.format, "format", formatText, "output format: text (file:line:col: message on stderr), json (the go vet -json shape on stdout) or sarif (SARIF 2.1.0 on stdout)")
	fs.StringVar(&cfg.baseline, "baseline", "", "`file` of accepted findings (written by -write-baseline); only findings not in it are reported")
	fs.StringVar(&cfg.writeBaseline, "write-baseline", "", "write the current findings to `file` as a baseline, print nothing and exit 0 unless an error occurs")
	fs.BoolVar(&cfg.tests, "test", true, "analyze the test files of each package too")
	fs.BoolVar(&cfg.verbose, "v", false, "print progress and timing on stderr")
	fs.Usage = func() {
		printUsage(stderr, progname)
		fmt.Fprintf(stderr, "\nFlags:\n")
		fs.PrintDefaults()
	}

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, errHelpShown
		}
		return nil, err
	}
	if jsonOutput {
		cfg.format = formatJSON
	}
	switch cfg.format {
	case formatText, formatJSON, formatSARIF:
	default:
		return nil, fmt.Errorf("invalid -format %q: want text, json or sarif", cfg.format)
	}
	if cfg.fix && cfg.diff {
		return nil, fmt.Errorf("-fix and -diff cannot be used together: -diff prints the fixes, -fix writes them")
	}
	if cfg.writeBaseline != "" && (cfg.fix || cfg.diff) {
		return nil, fmt.Errorf("-write-baseline cannot be used with -fix or -diff")
	}

	cfg.patterns = fs.Args()
	if len(cfg.patterns) > 0 && cfg.patterns[0] == "help" {
		cfg.help = true
		cfg.patterns = cfg.patterns[1:]
	}
	for _, a := range all {
		if isEnabled(a) {
			cfg.analyzers = append(cfg.analyzers, a)
		}
	}
	if len(cfg.analyzers) == 0 {
		return nil, fmt.Errorf("no analyzer is enabled")
	}
	cfg.all = all
	return cfg, nil
}

// triState is an enable flag that remembers whether it was set.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) IsBoolFlag() bool { return true }

func (ts *triState) Get() any { return *ts == setTrue }

func (ts *triState) String() string {
	switch *ts {
	case setTrue:
		return "true"
	case setFalse:
		return "false"
	}
	return ""
}

func (ts *triState) Set(value string) error {
	b, err := strconv.ParseBool(value)
	if err != nil {
		return fmt.Errorf("want true or false")
	}
	if b {
		*ts = setTrue
	} else {
		*ts = setFalse
	}
	return nil
}

// FixStyleFlag returns a flag.Value that sets the "fixstyle" flag of every
// analyzer in all that has one, so one flag orders the fixes of the whole
// suite. The value reads back as the last style set.
func FixStyleFlag(all []*analysis.Analyzer) flag.Value {
	return &fixStyleFlag{analyzers: all}
}

type fixStyleFlag struct {
	analyzers []*analysis.Analyzer
	value     string
}

func (f *fixStyleFlag) String() string { return f.value }

func (f *fixStyleFlag) Set(value string) error {
	if value != "async" && value != "minimal" {
		return fmt.Errorf("want async or minimal")
	}
	for _, a := range f.analyzers {
		if af := a.Flags.Lookup("fixstyle"); af != nil {
			if err := af.Value.Set(value); err != nil {
				return fmt.Errorf("%s: %v", a.Name, err)
			}
		}
	}
	f.value = value
	return nil
}

func printUsage(w io.Writer, progname string) {
	fmt.Fprintf(w, `%[1]s finds unstructured concurrency in Go code.

Usage:
	%[1]s [flags] packages...          analyze packages (go list patterns)
	%[1]s help [analyzer]              describe the analyzers
	go vet -vettool=$(which %[1]s) ./...
	go fix -fixtool=$(which %[1]s) ./...

Exit codes: 0 no findings, 1 error (flags, package loading, analyzer
failure), 3 findings. Run '%[1]s -h' for the flags.
`, progname)
}

func printHelp(w io.Writer, progname string, all []*analysis.Analyzer, names []string) error {
	if len(names) == 0 {
		printUsage(w, progname)
		fmt.Fprintf(w, "\nAnalyzers:\n")
		for _, a := range all {
			fmt.Fprintf(w, "\t%-10s %s\n", a.Name, docTitle(a))
		}
		return nil
	}
	for _, name := range names {
		i := slices.IndexFunc(all, func(a *analysis.Analyzer) bool { return a.Name == name })
		if i < 0 {
			known := make([]string, len(all))
			for j, a := range all {
				known[j] = a.Name
			}
			return fmt.Errorf("help: unknown analyzer %q; known analyzers: %s", name, strings.Join(known, ", "))
		}
		a := all[i]
		fmt.Fprintf(w, "%s: %s\n", a.Name, strings.TrimPrefix(strings.TrimSpace(a.Doc), a.Name+": "))
		a.Flags.VisitAll(func(f *flag.Flag) {
			fmt.Fprintf(w, "\t-%s.%s\t%s (default %q)\n", a.Name, f.Name, f.Usage, f.DefValue)
		})
	}
	return nil
}

// absDir returns dir made absolute, or the current directory when dir is
// empty.
func absDir(dir string) (string, error) {
	if dir == "" {
		return os.Getwd()
	}
	return filepath.Abs(dir)
}

// docTitle returns the first line of the analyzer's Doc without the
// "name: " prefix that go/analysis docs conventionally start with.
func docTitle(a *analysis.Analyzer) string {
	title, _, _ := strings.Cut(strings.TrimSpace(a.Doc), "\n")
	return strings.TrimPrefix(title, a.Name+": ")
}
