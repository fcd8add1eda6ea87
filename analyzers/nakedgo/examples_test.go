package nakedgo_test

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/gostructlint/gostructlint/analyzers/nakedgo"
	"github.com/gostructlint/gostructlint/internal/fixtest"
)

// TestExamples checks that nakedgo reports a go statement in every package
// under examples/, and that the code its first fixes write builds and
// passes go vet. The whole command's -fix on the examples, with every
// analyzer, is checked by scripts/examples-check.sh.
func TestExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the examples and runs the go command")
	}
	root, err := filepath.Abs(fixtest.Root())
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: root}
	pkgs, err := packages.Load(cfg, "./examples/...")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("examples do not load")
	}
	if len(pkgs) < 8 {
		t.Errorf("found %d example packages, want at least 8", len(pkgs))
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{nakedgo.Analyzer}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}

	edits := make(map[string][]analysis.TextEdit) // by file name
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Errorf("%s: %v", act.Package.PkgPath, act.Err)
		}
		if len(act.Diagnostics) == 0 {
			t.Errorf("%s: no nakedgo finding", act.Package.PkgPath)
		}
		for _, d := range act.Diagnostics {
			if len(d.SuggestedFixes) == 0 {
				continue
			}
			for _, e := range d.SuggestedFixes[0].TextEdits {
				name := act.Package.Fset.File(e.Pos).Name()
				edits[name] = append(edits[name], e)
			}
		}
	}

	// Write the fixed examples into a module that requires this one, so
	// that the rewrites can import package async.
	tmp := t.TempDir()
	src := filepath.Join(root, "examples")
	var fixed strings.Builder
	err = filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fset := graph.Roots[0].Package.Fset
		if es := edits[path]; len(es) > 0 {
			data, err = applyEdits(data, es, func(e analysis.TextEdit) (int, int) {
				tf := fset.File(e.Pos)
				end := e.End
				if !end.IsValid() {
					end = e.Pos
				}
				return tf.Offset(e.Pos), tf.Offset(end)
			})
			if err != nil {
				return fmt.Errorf("%s: %v", path, err)
			}
			if data, err = format.Source(data); err != nil {
				return fmt.Errorf("%s: fixed file does not parse: %v", path, err)
			}
		}
		if len(edits[path]) > 0 {
			fixed.WriteString("--- " + path + "\n" + string(data))
		}
		rel, _ := filepath.Rel(src, path)
		dst := filepath.Join(tmp, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	gomod := fmt.Sprintf("module examples\n\ngo 1.26.0\n\nrequire github.com/gostructlint/gostructlint v0.0.0\n\nreplace github.com/gostructlint/gostructlint => %s\n", root)
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
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet on the fixed examples failed: %v\n%s\nfixed files:\n%s", err, out, fixed.String())
	}
}

// applyEdits applies edits to src, once each where fixes of several
// findings repeat the same edit.
func applyEdits(src []byte, edits []analysis.TextEdit, offsets func(analysis.TextEdit) (int, int)) ([]byte, error) {
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range edits {
		start, end := offsets(e)
		s := span{start, end, string(e.NewText)}
		if !slices.Contains(spans, s) {
			spans = append(spans, s)
		}
	}
	slices.SortStableFunc(spans, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return a.end - b.end
	})
	var out bytes.Buffer
	pos := 0
	for _, s := range spans {
		if s.start < pos {
			return nil, fmt.Errorf("overlapping edits at offset %d", s.start)
		}
		out.Write(src[pos:s.start])
		out.WriteString(s.text)
		pos = s.end
	}
	out.Write(src[pos:])
	return out.Bytes(), nil
}
