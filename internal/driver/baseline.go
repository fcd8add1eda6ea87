package driver

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
)

// A Baseline records accepted findings, so a codebase that adopts the
// analyzers fails only on findings added after the baseline was written.
//
// A finding is keyed by analyzer, category, file (relative to the module
// root), message and the trimmed text of its source line, not by line
// number, so edits elsewhere in the file do not invalidate the baseline.
// Line and column numbers inside messages are masked for the same reason.
// Identical keys are counted: a baseline that accepts one finding on a
// line "go work()" does not accept a second, identical one added later in
// the same file.
type Baseline struct {
	counts map[baselineKey]int
}

type baselineKey struct {
	Analyzer string `json:"analyzer"`
	Category string `json:"category,omitempty"`
	File     string `json:"file"`
	Message  string `json:"message"`
	LineText string `json:"line"`
}

type baselineEntry struct {
	baselineKey
	Count int `json:"count"`
}

// baselineFile is the JSON form of a baseline.
type baselineFile struct {
	Version  int             `json:"version"`
	Findings []baselineEntry `json:"findings"`
}

const baselineVersion = 1

// positionInMessage matches "file.go:12:5", "file.go:12" and "line 12",
// the forms in which a message can name another position.
var positionInMessage = regexp.MustCompile(`(\.go):\d+(?::\d+)?|\bline \d+`)

func keyOf(f *Finding) baselineKey {
	return baselineKey{
		Analyzer: f.Analyzer.Name,
		Category: f.Diagnostic.Category,
		File:     f.File,
		Message: positionInMessage.ReplaceAllStringFunc(f.Diagnostic.Message, func(s string) string {
			if s[0] == 'l' {
				return "line N"
			}
			return ".go:N"
		}),
		LineText: f.LineText,
	}
}

// ReadBaseline reads a baseline written by WriteBaseline.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading baseline: %v", err)
	}
	var file baselineFile
	if err := json.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("invalid baseline %s: %v", path, err)
	}
	if file.Version != baselineVersion {
		return nil, fmt.Errorf("invalid baseline %s: version %d, want %d; write it again with -write-baseline", path, file.Version, baselineVersion)
	}
	b := &Baseline{counts: make(map[baselineKey]int)}
	for _, e := range file.Findings {
		b.counts[e.baselineKey] += max(e.Count, 1)
	}
	return b, nil
}

// WriteBaseline writes the findings to path as a baseline, sorted so that
// the file diffs well under version control.
func WriteBaseline(path string, findings []*Finding) error {
	counts := make(map[baselineKey]int)
	for _, f := range findings {
		counts[keyOf(f)]++
	}
	file := baselineFile{Version: baselineVersion, Findings: []baselineEntry{}}
	for k, n := range counts {
		file.Findings = append(file.Findings, baselineEntry{k, n})
	}
	slices.SortFunc(file.Findings, func(x, y baselineEntry) int {
		return cmp.Or(
			cmp.Compare(x.File, y.File),
			cmp.Compare(x.Analyzer, y.Analyzer),
			cmp.Compare(x.Category, y.Category),
			cmp.Compare(x.LineText, y.LineText),
			cmp.Compare(x.Message, y.Message),
		)
	})
	data, err := json.MarshalIndent(file, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o666); err != nil {
		return fmt.Errorf("writing baseline: %v", err)
	}
	return nil
}

// Filter returns the findings that the baseline does not accept and the
// number it accepted. Each recorded finding accepts as many findings with
// its key as its count.
func (b *Baseline) Filter(findings []*Finding) (fresh []*Finding, accepted int) {
	left := make(map[baselineKey]int, len(b.counts))
	for k, n := range b.counts {
		left[k] = n
	}
	for _, f := range findings {
		k := keyOf(f)
		if left[k] > 0 {
			left[k]--
			accepted++
			continue
		}
		fresh = append(fresh, f)
	}
	return fresh, accepted
}
