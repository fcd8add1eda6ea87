// Command count summarises the -json output of gostructlint (the same
// shape as `go vet -json`: package ID → analyzer → diagnostics or error)
// for scripts/corpus/run.sh and scripts/gobench/run.sh.
//
// Usage:
//
//	count [-analyzers LIST] [-trim DIR] summary FILE.json
//	count [-analyzers LIST] [-trim DIR] findings FILE.json
//	count skipped FILE.json
//
// summary prints tab-separated lines: "skipped N" (packages whose
// analysis was skipped, test variants folded into their package) and one
// "ANALYZER N" line per analyzer, in the order of -analyzers followed by
// any other analyzer present in the file. findings prints every finding
// of the -analyzers list as "file:line:col: analyzer category: message",
// with related information indented below it. skipped prints each package
// whose analysis was skipped and the reason.
//
// A diagnostic in a non-test file appears once per package variant (the
// package and its test variant), so findings are counted once per
// analyzer, position and message.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
)

// diagnostic is one entry of a gostructlint -json result list.
type diagnostic struct {
	Category string    `json:"category"`
	Posn     string    `json:"posn"`
	Message  string    `json:"message"`
	Related  []related `json:"related"`
}

type related struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
}

// result is what one analyzer produced on one package: diagnostics, or
// an error object such as {"error": "analysis skipped due to errors in package"}.
type result struct {
	Diagnostics []diagnostic
	Err         string
}

func (r *result) UnmarshalJSON(data []byte) error {
	if len(data) > 0 && data[0] == '{' {
		var e struct {
			Error string `json:"error"`
		}
		if err := json.Unmarshal(data, &e); err != nil {
			return err
		}
		r.Err = e.Error
		return nil
	}
	return json.Unmarshal(data, &r.Diagnostics)
}

// finding is a diagnostic with the analyzer that reported it.
type finding struct {
	analyzer string
	diagnostic
}

func main() {
	analyzerList := flag.String("analyzers", "nakedgo,wgmisuse,chanleak,ctxdone",
		"comma-separated analyzer names, in output order")
	trim := flag.String("trim", "", "directory prefix removed from file names in findings")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: count [-analyzers LIST] [-trim DIR] summary|findings|skipped FILE.json")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 {
		flag.Usage()
		os.Exit(2)
	}
	mode, file := flag.Arg(0), flag.Arg(1)

	tree, err := readTree(file)
	if err != nil {
		fmt.Fprintf(os.Stderr, "count: %v\n", err)
		os.Exit(1)
	}
	analyzers := strings.Split(*analyzerList, ",")

	switch mode {
	case "summary":
		printSummary(os.Stdout, tree, analyzers)
	case "findings":
		printFindings(os.Stdout, tree, analyzers, *trim)
	case "skipped":
		printSkipped(os.Stdout, tree)
	default:
		fmt.Fprintf(os.Stderr, "count: unknown mode %q (want summary, findings or skipped)\n", mode)
		os.Exit(2)
	}
}

// readTree decodes a -json output file. The file may hold several JSON
// objects (go vet -json -vettool writes one per package), each starting
// with a line "{" and ending with a line "}"; their entries are merged.
// Other lines, such as "# package" headers and error messages, are skipped.
func readTree(file string) (map[string]map[string]result, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	tree := make(map[string]map[string]result)
	var block []string
	for line := range strings.Lines(string(data)) {
		trimmed := strings.TrimRight(line, "\r\n")
		switch {
		case block == nil && trimmed == "{":
			block = []string{line}
		case block != nil:
			block = append(block, line)
			if trimmed == "}" {
				if err := mergeBlock(tree, strings.Join(block, "")); err != nil {
					return nil, fmt.Errorf("invalid JSON in %s: %v", file, err)
				}
				block = nil
			}
		}
	}
	if block != nil {
		return nil, fmt.Errorf("invalid JSON in %s: the last object is not closed", file)
	}
	return tree, nil
}

func mergeBlock(tree map[string]map[string]result, text string) error {
	var part map[string]map[string]result
	if err := json.Unmarshal([]byte(text), &part); err != nil {
		return err
	}
	for id, byAnalyzer := range part {
		if tree[id] == nil {
			tree[id] = make(map[string]result)
		}
		for name, r := range byAnalyzer {
			tree[id][name] = r
		}
	}
	return nil
}

// packagePath maps a package ID to the package it belongs to:
// "p [p.test]" and "p_test [p.test]" to "p". It returns "" for the
// generated test main "p.test".
func packagePath(id string) string {
	path, _, _ := strings.Cut(id, " ")
	if strings.HasSuffix(path, ".test") {
		return ""
	}
	return strings.TrimSuffix(path, "_test")
}

func printSummary(w io.Writer, tree map[string]map[string]result, analyzers []string) {
	skipped := make(map[string]bool)
	for id, byAnalyzer := range tree {
		path := packagePath(id)
		for _, r := range byAnalyzer {
			if r.Err != "" && path != "" {
				skipped[path] = true
			}
		}
	}
	fmt.Fprintf(w, "skipped\t%d\n", len(skipped))

	counts := make(map[string]int)
	for _, f := range uniqueFindings(tree) {
		counts[f.analyzer]++
	}
	for _, name := range allAnalyzers(tree, analyzers) {
		fmt.Fprintf(w, "%s\t%d\n", name, counts[name])
	}
}

func printFindings(w io.Writer, tree map[string]map[string]result, analyzers []string, trim string) {
	if trim != "" && !strings.HasSuffix(trim, "/") {
		trim += "/"
	}
	for _, f := range uniqueFindings(tree) {
		if !slices.Contains(analyzers, f.analyzer) {
			continue
		}
		fmt.Fprintf(w, "%s: %s %s: %s\n", strings.TrimPrefix(f.Posn, trim), f.analyzer, f.Category, f.Message)
		for _, r := range f.Related {
			fmt.Fprintf(w, "\t%s: %s\n", strings.TrimPrefix(r.Posn, trim), r.Message)
		}
	}
}

func printSkipped(w io.Writer, tree map[string]map[string]result) {
	reasons := make(map[string]string)
	for id, byAnalyzer := range tree {
		for _, r := range byAnalyzer {
			if r.Err != "" {
				reasons[id] = r.Err
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(reasons)) {
		fmt.Fprintf(w, "%s: %s\n", id, reasons[id])
	}
}

// uniqueFindings returns the findings of tree sorted by position, each
// analyzer, position and message once.
func uniqueFindings(tree map[string]map[string]result) []finding {
	seen := make(map[[3]string]bool)
	var findings []finding
	for _, byAnalyzer := range tree {
		for name, r := range byAnalyzer {
			for _, d := range r.Diagnostics {
				key := [3]string{name, d.Posn, d.Message}
				if seen[key] {
					continue
				}
				seen[key] = true
				findings = append(findings, finding{analyzer: name, diagnostic: d})
			}
		}
	}
	slices.SortFunc(findings, func(a, b finding) int {
		if c := comparePositions(a.Posn, b.Posn); c != 0 {
			return c
		}
		return strings.Compare(a.analyzer+a.Message, b.analyzer+b.Message)
	})
	return findings
}

// comparePositions orders "file:line:col" strings by file, then
// numerically by line and column.
func comparePositions(a, b string) int {
	fileA, lineA, colA := splitPosition(a)
	fileB, lineB, colB := splitPosition(b)
	if c := strings.Compare(fileA, fileB); c != 0 {
		return c
	}
	if lineA != lineB {
		return lineA - lineB
	}
	return colA - colB
}

func splitPosition(posn string) (file string, line, col int) {
	file = posn
	parts := strings.Split(posn, ":")
	if len(parts) >= 3 {
		file = strings.Join(parts[:len(parts)-2], ":")
		fmt.Sscan(parts[len(parts)-2], &line)
		fmt.Sscan(parts[len(parts)-1], &col)
	}
	return file, line, col
}

// allAnalyzers returns the requested analyzer names followed by any other
// analyzer that appears in tree, sorted.
func allAnalyzers(tree map[string]map[string]result, requested []string) []string {
	names := slices.Clone(requested)
	var extra []string
	for _, byAnalyzer := range tree {
		for name := range byAnalyzer {
			if !slices.Contains(names, name) && !slices.Contains(extra, name) {
				extra = append(extra, name)
			}
		}
	}
	slices.Sort(extra)
	return append(names, extra...)
}
