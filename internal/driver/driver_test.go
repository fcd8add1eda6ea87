package driver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/gostructlint/gostructlint/passes/fixes"
)

// spawnAnalyzer reports every go statement, with the enclosing function
// as related information, and offers to run the call synchronously.
var spawnAnalyzer = &analysis.Analyzer{
	Name:     "spawn",
	Doc:      "report go statements\n\nThe test analyzer of the driver.",
	URL:      "https://example.com/spawn",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      runSpawn,
}

var spawnStyle = fixes.Style("async")

func init() {
	spawnAnalyzer.Flags.Var(&spawnStyle, "fixstyle", "fix order")
}

func runSpawn(pass *analysis.Pass) (any, error) {
	in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	var fn *ast.FuncDecl
	in.Nodes([]ast.Node{(*ast.FuncDecl)(nil), (*ast.GoStmt)(nil)}, func(n ast.Node, push bool) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if push {
				fn = n
			}
		case *ast.GoStmt:
			if !push {
				return true
			}
			d := analysis.Diagnostic{
				Pos:      n.Pos(),
				End:      n.End(),
				Category: "spawn/naked",
				Message:  fmt.Sprintf("goroutine in %s has no join", fn.Name.Name),
				Related:  []analysis.RelatedInformation{{Pos: fn.Pos(), Message: "enclosing function"}},
				SuggestedFixes: []analysis.SuggestedFix{{
					Message:   "call synchronously",
					TextEdits: []analysis.TextEdit{{Pos: n.Pos(), End: n.Call.Pos(), NewText: nil}},
				}},
			}
			pass.Report(d)
		}
		return true
	})
	return nil, nil
}

// panicAnalyzer panics on packages named boom.
var panicAnalyzer = &analysis.Analyzer{
	Name: "panicky",
	Doc:  "panic on package boom",
	Run: func(pass *analysis.Pass) (any, error) {
		if pass.Pkg.Name() == "boom" {
			panic("boom")
		}
		return nil, nil
	},
}

// leakyFact marks a function whose doc comment says "leaky".
type leakyFact struct{}

func (*leakyFact) AFact() {}

// factAnalyzer exports leakyFact on functions documented "leaky" and
// reports calls to them, which needs facts from the imported package.
var factAnalyzer = &analysis.Analyzer{
	Name:      "leakycall",
	Doc:       "report calls to leaky functions",
	FactTypes: []analysis.Fact{new(leakyFact)},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			for _, decl := range f.Decls {
				if fd, ok := decl.(*ast.FuncDecl); ok && fd.Doc != nil && strings.Contains(fd.Doc.Text(), "leaky") {
					pass.ExportObjectFact(pass.TypesInfo.Defs[fd.Name], new(leakyFact))
				}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if obj := pass.TypesInfo.Uses[sel.Sel]; obj != nil && pass.ImportObjectFact(obj, new(leakyFact)) {
						pass.Reportf(sel.Pos(), "call of leaky %s", sel.Sel.Name)
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

var testAnalyzers = []*analysis.Analyzer{spawnAnalyzer, panicAnalyzer, factAnalyzer}

// writeModule writes a module example.com/m with the given files into a
// temporary directory and returns it.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/m\n\ngo 1.26\n"
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const goodSource = `package good

func work() {}

func Start() {
	go work()
}
`

func testModule(t *testing.T) string {
	return writeModule(t, map[string]string{
		"good/good.go":   goodSource,
		"clean/clean.go": "package clean\n\nfunc F() int { return 1 }\n",
		"broken/broken.go": `package broken

func F() int { return undefinedName }
`,
		"boom/boom.go": "package boom\n\nfunc F() { go F() }\n",
		"dep/dep.go":   "package dep\n\n// Spin is leaky.\nfunc Spin() {}\n",
		"user/user.go": "package user\n\nimport \"example.com/m/dep\"\n\nfunc F() { dep.Spin() }\n",
	})
}

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, dir string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(testAnalyzers, args, Options{Dir: dir, Stdout: &stdout, Stderr: &stderr})
	return result{code, stdout.String(), stderr.String()}
}

func TestExitCodes(t *testing.T) {
	dir := testModule(t)
	tests := []struct {
		name       string
		args       []string
		want       int
		wantStderr []string
	}{
		{"findings", []string{"./good"}, ExitFindings, []string{"good.go:6:2: goroutine in Start has no join", "\t./good/good.go:5:1: enclosing function"}},
		{"no findings", []string{"./clean"}, ExitOK, nil},
		{"analyzer disabled", []string{"-spawn=false", "./good"}, ExitOK, nil},
		{"only other analyzer", []string{"-leakycall", "./good"}, ExitOK, nil},
		{"facts across packages", []string{"-leakycall", "./user"}, ExitFindings, []string{"call of leaky Spin"}},
		{"invalid format", []string{"-format=xml", "./good"}, ExitError, []string{`invalid -format "xml"`}},
		{"unknown flag", []string{"-nosuchflag", "./good"}, ExitError, []string{"flag provided but not defined: -nosuchflag"}},
		{"no patterns", nil, ExitError, []string{"Usage:"}},
		{"missing package", []string{"./nosuchdir"}, ExitError, []string{"nosuchdir"}},
		{"broken next to good", []string{"./broken", "./good"}, ExitError, []string{
			"package example.com/m/broken: ", "undefined: undefinedName", "goroutine in Start has no join",
		}},
		{"panic", []string{"./boom", "./good"}, ExitError, []string{
			"analyzer panicky failed on package example.com/m/boom: panic: boom", "goroutine in Start has no join",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, dir, tt.args...)
			if r.code != tt.want {
				t.Errorf("exit code = %d, want %d; stderr:\n%s", r.code, tt.want, r.stderr)
			}
			for _, want := range tt.wantStderr {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr does not contain %q:\n%s", want, r.stderr)
				}
			}
			if r.code != ExitError && r.stdout != "" {
				t.Errorf("text mode wrote to stdout:\n%s", r.stdout)
			}
		})
	}
}

func TestBrokenPackageOneErrorLine(t *testing.T) {
	dir := testModule(t)
	r := run(t, dir, "./broken", "./good")
	if n := strings.Count(r.stderr, "example.com/m/broken"); n != 1 {
		t.Errorf("broken package named on %d lines, want 1:\n%s", n, r.stderr)
	}
}

func TestJSONShape(t *testing.T) {
	dir := testModule(t)
	r := run(t, dir, "-json", "./good")
	if r.code != ExitFindings {
		t.Fatalf("exit code = %d, want %d; stderr:\n%s", r.code, ExitFindings, r.stderr)
	}
	var tree map[string]map[string][]struct {
		Category       string `json:"category"`
		Posn           string `json:"posn"`
		End            string `json:"end"`
		Message        string `json:"message"`
		SuggestedFixes []struct {
			Message string `json:"message"`
			Edits   []struct {
				Filename   string `json:"filename"`
				Start, End int
				New        string `json:"new"`
			} `json:"edits"`
		} `json:"suggested_fixes"`
		Related []struct {
			Posn, End, Message string
		} `json:"related"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, r.stdout)
	}

	diags := tree["example.com/m/good"]["spawn"]
	if len(diags) != 1 {
		t.Fatalf("got %d spawn diagnostics for example.com/m/good, want 1:\n%s", len(diags), r.stdout)
	}

	d := diags[0]
	if d.Category != "spawn/naked" {
		t.Errorf("category = %q, want spawn/naked", d.Category)
	}
	if want := filepath.Join(dir, "good", "good.go") + ":6:2"; d.Posn != want {
		t.Errorf("posn = %q, want %q", d.Posn, want)
	}
	if len(d.SuggestedFixes) != 1 || len(d.SuggestedFixes[0].Edits) != 1 {
		t.Fatalf("suggested fixes = %+v, want one fix with one edit", d.SuggestedFixes)
	}
	if e := d.SuggestedFixes[0].Edits[0]; e.End-e.Start != len("go ") {
		t.Errorf("edit = %+v, want the deletion of %q", e, "go ")
	}
	if len(d.Related) != 1 || d.Related[0].Message != "enclosing function" {
		t.Errorf("related = %+v, want the enclosing function", d.Related)
	}
}

func TestSARIF(t *testing.T) {
	dir := testModule(t)
	r := run(t, dir, "-format=sarif", "./good", "./clean")
	if r.code != ExitFindings {
		t.Fatalf("exit code = %d, want %d; stderr:\n%s", r.code, ExitFindings, r.stderr)
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string                `json:"id"`
						ShortDescription struct{ Text string } `json:"shortDescription"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Invocations []struct {
				ExecutionSuccessful bool `json:"executionSuccessful"`
			} `json:"invocations"`
			OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
			Results            []struct {
				RuleID    string                `json:"ruleId"`
				RuleIndex int                   `json:"ruleIndex"`
				Level     string                `json:"level"`
				Message   struct{ Text string } `json:"message"`
				Locations []sarifLocation       `json:"locations"`
				Related   []sarifLocation       `json:"relatedLocations"`
				Fixes     []sarifFix            `json:"fixes"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, r.stdout)
	}

	if log.Version != "2.1.0" || log.Schema == "" {
		t.Errorf("version = %q, $schema = %q; want 2.1.0 and a schema", log.Version, log.Schema)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("got %d runs, want 1", len(log.Runs))
	}

	run := log.Runs[0]
	if run.Tool.Driver.Name != "gostructlint" {
		t.Errorf("driver name = %q", run.Tool.Driver.Name)
	}
	if !run.Invocations[0].ExecutionSuccessful {
		t.Errorf("executionSuccessful = false, want true")
	}
	if base := run.OriginalURIBaseIDs[srcRoot].URI; !strings.HasPrefix(base, "file:///") || !strings.HasSuffix(base, "/") {
		t.Errorf("SRCROOT = %q, want a file URI of a directory", base)
	}
	if len(run.Results) != 1 {
		t.Fatalf("got %d results, want 1", len(run.Results))
	}

	res := run.Results[0]
	if res.RuleID != "spawn/naked" {
		t.Errorf("ruleId = %q, want spawn/naked", res.RuleID)
	}
	rules := run.Tool.Driver.Rules
	if res.RuleIndex < 0 || res.RuleIndex >= len(rules) || rules[res.RuleIndex].ID != res.RuleID {
		t.Errorf("ruleIndex %d does not point at rule %q in %+v", res.RuleIndex, res.RuleID, rules)
	}
	for _, rule := range rules {
		if rule.ShortDescription.Text == "" {
			t.Errorf("rule %q has no short description", rule.ID)
		}
	}

	loc := res.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "good/good.go" || loc.ArtifactLocation.URIBaseID != srcRoot {
		t.Errorf("artifact location = %+v, want good/good.go relative to SRCROOT", loc.ArtifactLocation)
	}
	if loc.Region.StartLine != 6 || loc.Region.StartColumn != 2 || loc.Region.EndLine != 6 {
		t.Errorf("region = %+v, want line 6 from column 2", loc.Region)
	}
	if len(res.Related) != 1 || res.Related[0].PhysicalLocation.Region.StartLine != 5 {
		t.Errorf("related locations = %+v, want line 5", res.Related)
	}
	if len(res.Fixes) != 1 || res.Fixes[0].ArtifactChanges[0].Replacements[0].DeletedRegion.ByteLength != len("go ") {
		t.Errorf("fixes = %+v, want the deletion of %q", res.Fixes, "go ")
	}
}

func TestBaselineRoundTrip(t *testing.T) {
	dir := testModule(t)
	baseline := filepath.Join(dir, "baseline.json")

	r := run(t, dir, "-write-baseline="+baseline, "./good")
	if r.code != ExitOK || r.stderr != "" {
		t.Fatalf("-write-baseline: exit code %d, stderr:\n%s", r.code, r.stderr)
	}
	r = run(t, dir, "-baseline="+baseline, "./good")
	if r.code != ExitOK {
		t.Fatalf("with the baseline just written: exit code %d, want 0; stderr:\n%s", r.code, r.stderr)
	}

	// Shift every line and add a second, identical goroutine: the old
	// finding stays accepted, the new one is reported.
	changed := strings.Replace(goodSource, "package good\n", "package good\n\n// Moved down.\n", 1)
	changed = strings.Replace(changed, "\tgo work()\n", "\tgo work()\n\tgo work()\n", 1)
	if err := os.WriteFile(filepath.Join(dir, "good", "good.go"), []byte(changed), 0o666); err != nil {
		t.Fatal(err)
	}
	r = run(t, dir, "-baseline="+baseline, "./good")
	if r.code != ExitFindings {
		t.Fatalf("after adding a goroutine: exit code %d, want %d; stderr:\n%s", r.code, ExitFindings, r.stderr)
	}
	if n := strings.Count(r.stderr, "has no join"); n != 1 {
		t.Errorf("got %d findings, want only the new one:\n%s", n, r.stderr)
	}
	if !strings.Contains(r.stderr, "good.go:9:2:") {
		t.Errorf("the new finding is not the one on line 9:\n%s", r.stderr)
	}
}

func TestBaselineInvalid(t *testing.T) {
	dir := testModule(t)
	path := filepath.Join(dir, "baseline.json")
	if err := os.WriteFile(path, []byte(`{"version": 99, "findings": []}`), 0o666); err != nil {
		t.Fatal(err)
	}
	r := run(t, dir, "-baseline="+path, "./good")
	if r.code != ExitError || !strings.Contains(r.stderr, "version 99") {
		t.Errorf("exit code %d, stderr %q; want 1 and the version named", r.code, r.stderr)
	}
}

func TestFix(t *testing.T) {
	dir := testModule(t)
	file := filepath.Join(dir, "good", "good.go")

	r := run(t, dir, "-diff", "./good")
	if r.code != ExitFindings {
		t.Errorf("-diff: exit code %d, want %d; stderr:\n%s", r.code, ExitFindings, r.stderr)
	}
	wantDiff := "--- a/good/good.go\n+++ b/good/good.go\n@@ -3,5 +3,5 @@\n func work() {}\n \n func Start() {\n-\tgo work()\n+\twork()\n }\n"
	if r.stdout != wantDiff {
		t.Errorf("-diff output:\n%s\nwant:\n%s", r.stdout, wantDiff)
	}
	if data, _ := os.ReadFile(file); string(data) != goodSource {
		t.Errorf("-diff changed the file:\n%s", data)
	}

	r = run(t, dir, "-fix", "./good")
	if r.code != ExitOK || r.stderr != "" || r.stdout != "" {
		t.Fatalf("-fix: exit code %d, stdout %q, stderr %q; want 0 and no output", r.code, r.stdout, r.stderr)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), file, data, 0); err != nil {
		t.Errorf("fixed file does not parse: %v", err)
	}
	if !strings.Contains(string(data), "\twork()\n") || strings.Contains(string(data), "go work()") {
		t.Errorf("fix not applied:\n%s", data)
	}
	if r := run(t, dir, "./good"); r.code != ExitOK {
		t.Errorf("after -fix: exit code %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
}

func TestFixStyleFlag(t *testing.T) {
	dir := testModule(t)
	defer func() { spawnStyle = "async" }()
	if r := run(t, dir, "-fixstyle=minimal", "./clean"); r.code != ExitOK {
		t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	if spawnStyle != "minimal" {
		t.Errorf("-fixstyle=minimal left spawn's fixstyle at %q", spawnStyle)
	}
	if r := run(t, dir, "-fixstyle=minimal", "-spawn.fixstyle=async", "./clean"); spawnStyle != "async" || r.code != ExitOK {
		t.Errorf("-spawn.fixstyle after -fixstyle: style %q, exit code %d; want async, 0", spawnStyle, r.code)
	}
	if r := run(t, dir, "-fixstyle=fast", "./clean"); r.code != ExitError {
		t.Errorf("-fixstyle=fast: exit code %d, want 1", r.code)
	}
}

func TestVerboseGoesToStderr(t *testing.T) {
	dir := testModule(t)
	r := run(t, dir, "-v", "-json", "./clean")
	if r.code != ExitOK {
		t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "loaded 1 packages") {
		t.Errorf("no progress on stderr:\n%s", r.stderr)
	}
	if strings.TrimSpace(r.stdout) != "{}" {
		t.Errorf("stdout = %q, want an empty JSON object", r.stdout)
	}
}

func TestUnifiedDiff(t *testing.T) {
	old := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n"
	new := "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
	got := string(unifiedDiff("a/x", "b/x", []byte(old), []byte(new)))
	want := "--- a/x\n+++ b/x\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -10,3 +10,4 @@\n j\n k\n l\n+m\n"
	if got != want {
		t.Errorf("diff:\n%s\nwant:\n%s", got, want)
	}
	// Applying the diff with patch(1) is the real check, where available.
	if _, err := exec.LookPath("patch"); err == nil {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "x"), []byte(old), 0o666)
		cmd := exec.Command("patch", "-p1", "-s")
		cmd.Dir = dir
		cmd.Stdin = strings.NewReader(got)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("patch: %v\n%s", err, out)
		}
		if data, _ := os.ReadFile(filepath.Join(dir, "x")); !reflect.DeepEqual(string(data), new) {
			t.Errorf("patched file:\n%s\nwant:\n%s", data, new)
		}
	}
}

// rewriteAnalyzer reports every go statement, like spawnAnalyzer, with a
// fix that rewrites the whole statement, so the two fixes overlap.
var rewriteAnalyzer = &analysis.Analyzer{
	Name: "rewrite",
	Doc:  "report go statements with a fix that rewrites them",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if g, ok := n.(*ast.GoStmt); ok {
					pass.Report(analysis.Diagnostic{
						Pos:     g.Pos(),
						Message: "rewrite the goroutine",
						SuggestedFixes: []analysis.SuggestedFix{{
							Message:   "defer the call",
							TextEdits: []analysis.TextEdit{{Pos: g.Pos(), End: g.End(), NewText: []byte("defer work()")}},
						}},
					})
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestFixOverlapSkipped(t *testing.T) {
	dir := testModule(t)
	file := filepath.Join(dir, "good", "good.go")
	analyzers := []*analysis.Analyzer{spawnAnalyzer, rewriteAnalyzer}
	var stdout, stderr bytes.Buffer
	code := Main(analyzers, []string{"-fix", "./good"}, Options{Dir: dir, Stdout: &stdout, Stderr: &stderr})
	if code != ExitOK {
		t.Errorf("exit code %d, want 0; stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "1 fix overlaps other fixes") {
		t.Errorf("stderr does not report the skipped fix:\n%s", stderr.String())
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// Fixes are tried in the order of the analyzers, so spawn's comes
	// first.
	if !strings.Contains(string(data), "\twork()\n") || strings.Contains(string(data), "defer") {
		t.Errorf("spawn's fix was not applied alone:\n%s", data)
	}
}

// asyncImporter reports every go statement with a fix that adds an import
// of package async, as the rewrites onto async do.
var asyncImporter = &analysis.Analyzer{
	Name: "asyncimporter",
	Doc:  "report go statements with a fix that imports async",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if g, ok := n.(*ast.GoStmt); ok {
					pass.Report(analysis.Diagnostic{
						Pos:     g.Pos(),
						Message: "use async",
						SuggestedFixes: []analysis.SuggestedFix{{
							Message:   "import async",
							TextEdits: []analysis.TextEdit{{Pos: f.Name.End(), End: f.Name.End(), NewText: []byte("\n\nimport _ \"" + asyncImportPath + "\"")}},
						}},
					})
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestFixAdvisesGoGet(t *testing.T) {
	dir := testModule(t)
	var stdout, stderr bytes.Buffer
	Main([]*analysis.Analyzer{asyncImporter}, []string{"-fix", "./good"}, Options{Dir: dir, Stdout: &stdout, Stderr: &stderr})
	if want := "run: go get " + asyncImportPath; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr does not contain %q:\n%s", want, stderr.String())
	}
}

func TestBrokenDependencyNamedOnce(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"b/b.go": "package b\n\nfunc F() int { return undefinedName }\n",
		"c/c.go": "package c\n\nimport \"example.com/m/b\"\n\nvar V = b.F()\n",
		"a/a.go": "package a\n\nimport \"example.com/m/c\"\n\nvar W = c.V\n",
		"d/d.go": "package d\n\nimport \"example.com/m/c\"\n\nvar X = c.V\n",
	})
	var stdout, stderr bytes.Buffer
	code := Main([]*analysis.Analyzer{spawnAnalyzer}, []string{"./a", "./d"}, Options{Dir: dir, Stdout: &stdout, Stderr: &stderr})
	if code != ExitError {
		t.Errorf("exit code %d, want %d", code, ExitError)
	}
	got := stderr.String()
	for _, want := range []string{
		"package example.com/m/b (a dependency): ",
		"package example.com/m/a: not analyzed: its dependency example.com/m/b has errors\n",
		"package example.com/m/d: not analyzed: its dependency example.com/m/b has errors\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("stderr lacks %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "undefinedName"); n != 1 {
		t.Errorf("the dependency's error is printed %d times, want once:\n%s", n, got)
	}
	if strings.Contains(got, "example.com/m/c") && !strings.Contains(got, "dependency example.com/m/c") {
		t.Errorf("stderr blames example.com/m/c, which only imports the broken package:\n%s", got)
	}
}
