// Package fixtest checks the suggested fixes of the gostructlint analyzers
// against golden files, and checks that the golden files build against
// package async and pass go vet.
//
// Fixtures live under the repository's testdata/src/<analyzer>/<shape>/, in
// GOPATH layout as analysistest expects. For a fixture file x.go, the file
// x.go.golden holds x.go after the first suggested fix of every diagnostic
// (the async rewrite under the default fix style), and x.go.minimal.golden,
// where present, holds x.go after the last suggested fix of every diagnostic
// (the minimal repair).
package fixtest

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

var update = flag.Bool("update", false, "rewrite the .golden files with the fixes' current output")

// Golden-file suffixes.
const (
	AsyncSuffix   = ".golden"
	MinimalSuffix = ".minimal.golden"
)

// Root returns the repository root, found from this source file.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// TestData returns the repository's shared testdata directory.
func TestData() string {
	return filepath.Join(Root(), "testdata")
}

// Run runs a on the fixture packages matched by patterns, checks their
// // want comments, and then checks both fix styles against the golden files
// beside each fixture file: the first fix of each diagnostic against
// .golden, the last against .minimal.golden.
//
// Every file that the first fixes change needs a .golden file. A
// .minimal.golden file is checked when it exists. With -update, golden files
// are written instead of compared: .golden for every changed file, and
// .minimal.golden where the minimal repairs give another result.
func Run(t *testing.T, a *analysis.Analyzer, patterns ...string) {
	t.Helper()
	results := analysistest.Run(t, TestData(), a, patterns...)
	checkFixes(t, results, AsyncSuffix, func(fixes []analysis.SuggestedFix) *analysis.SuggestedFix {
		return &fixes[0]
	})
	checkFixes(t, results, MinimalSuffix, func(fixes []analysis.SuggestedFix) *analysis.SuggestedFix {
		return &fixes[len(fixes)-1]
	})
}

type edit struct {
	start, end int
	text       []byte
	fix        string
}

func checkFixes(t *testing.T, results []*analysistest.Result, suffix string, choose func([]analysis.SuggestedFix) *analysis.SuggestedFix) {
	t.Helper()
	editsByFile := make(map[string][]edit)
	for _, res := range results {
		act := res.Action
		if act == nil {
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			if len(d.SuggestedFixes) == 0 {
				continue
			}
			fix := choose(d.SuggestedFixes)
			for _, te := range fix.TextEdits {
				tf := fset.File(te.Pos)
				end := te.End
				if !end.IsValid() {
					end = te.Pos
				}
				editsByFile[tf.Name()] = append(editsByFile[tf.Name()], edit{
					start: tf.Offset(te.Pos),
					end:   tf.Offset(end),
					text:  te.NewText,
					fix:   fix.Message,
				})
			}
		}
	}

	files := make([]string, 0, len(editsByFile))
	for name := range editsByFile {
		files = append(files, name)
	}
	sort.Strings(files)
	for _, name := range files {
		orig, err := os.ReadFile(name)
		if err != nil {
			t.Error(err)
			continue
		}
		fixed, err := apply(orig, editsByFile[name])
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		formatted, err := format.Source(fixed)
		if err != nil {
			t.Errorf("%s: fixed file does not parse: %v\n%s", name, err, fixed)
			continue
		}
		golden := name + suffix
		if *update {
			// A .minimal.golden file is written where it exists already
			// or where the minimal repair differs from the async rewrite.
			if suffix == AsyncSuffix || exists(golden) || differsFrom(formatted, name+AsyncSuffix) {
				if err := os.WriteFile(golden, formatted, 0o644); err != nil {
					t.Error(err)
				}
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			if suffix == AsyncSuffix {
				t.Errorf("%s: fixes change the file but %s is missing (run the test with -update to write it)", name, filepath.Base(golden))
			}
			continue
		}
		if !bytes.Equal(formatted, want) {
			t.Errorf("%s: fixed file differs from %s\n--- got\n%s\n--- want\n%s", name, filepath.Base(golden), formatted, want)
		}
	}
}

// apply applies edits to src. Identical edits are applied once: the same
// import added by several diagnostics, or by a package and its test
// variant. Other overlapping edits are an error.
func apply(src []byte, edits []edit) ([]byte, error) {
	type key struct {
		start, end int
		text       string
	}
	seen := make(map[key]bool)
	var unique []edit
	for _, e := range edits {
		k := key{e.start, e.end, string(e.text)}
		if !seen[k] {
			seen[k] = true
			unique = append(unique, e)
		}
	}
	slices.SortStableFunc(unique, func(a, b edit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return a.end - b.end
	})
	var out bytes.Buffer
	pos := 0
	var prev *edit
	for i := range unique {
		e := &unique[i]
		if e.start < pos {
			return nil, fmt.Errorf("fix %q overlaps fix %q at offset %d", e.fix, prev.fix, e.start)
		}
		out.Write(src[pos:e.start])
		out.Write(e.text)
		pos = e.end
		prev = e
	}
	out.Write(src[pos:])
	return out.Bytes(), nil
}

// differsFrom reports whether data differs from the content of file, or
// file cannot be read.
func differsFrom(data []byte, file string) bool {
	old, err := os.ReadFile(file)
	return err != nil || !bytes.Equal(old, data)
}

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// CheckGoldensBuild copies every fixture package under
// testdata/src/<analyzer> into a temporary module that requires this
// repository, with each file replaced by its golden form for suffix where
// one exists, and runs go vet (which also builds) and go test on the result.
// It skips packages that have no golden file for suffix.
func CheckGoldensBuild(t *testing.T, analyzer, suffix string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds fixtures with the go command")
	}
	srcRoot := filepath.Join(TestData(), "src", analyzer)
	tmp := t.TempDir()
	count := 0
	err := filepath.WalkDir(srcRoot, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		entries, err := os.ReadDir(path)
		if err != nil {
			return err
		}
		var goldens []string
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".go"+suffix) && (suffix != AsyncSuffix || !strings.HasSuffix(e.Name(), MinimalSuffix)) {
				goldens = append(goldens, e.Name())
			}
		}
		if len(goldens) == 0 {
			return nil
		}
		rel, _ := filepath.Rel(srcRoot, path)
		dst := filepath.Join(tmp, rel)
		if err := os.MkdirAll(dst, 0o755); err != nil {
			return err
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".go") {
				continue
			}
			from := filepath.Join(path, name)
			if slices.Contains(goldens, name+suffix) {
				from += suffix
			}
			data, err := os.ReadFile(from)
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(dst, name), data, 0o644); err != nil {
				return err
			}
		}
		count++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count == 0 {
		t.Skipf("no %s files under %s", suffix, srcRoot)
	}

	root, err := filepath.Abs(Root())
	if err != nil {
		t.Fatal(err)
	}
	gomod := fmt.Sprintf("module goldens\n\ngo 1.26.0\n\nrequire github.com/gostructlint/gostructlint v0.0.0\n\nreplace github.com/gostructlint/gostructlint => %s\n", root)
	if err := os.WriteFile(filepath.Join(tmp, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err == nil {
		err = os.WriteFile(filepath.Join(tmp, "go.sum"), sum, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}

	// go vet builds and vets the fixed code; go test then runs the tests
	// that fixtures ship beside it, so the rewrite's behaviour is checked.
	for _, args := range [][]string{{"vet", "./..."}, {"test", "-count=1", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = tmp
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go %s on the golden files (%s) of %d %s fixture packages failed: %v\n%s", args[0], suffix, count, analyzer, err, out)
			return
		}
	}
}
