package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// binary is the gostructlint command built by TestMain.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gostructlint-cmd")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "gostructlint")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		panic("building gostructlint: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// repoRoot returns the root of this module.
func repoRoot(t *testing.T) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot find the source file of the test")
	}
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// sampleSources has the shapes the analyzers look for: a goroutine that
// nothing joins, an abandoned sender, and Add inside the counted goroutine.
var sampleSources = map[string]string{
	"leak/leak.go": `package leak

import (
	"sync"
	"time"
)

func work() {}

func Fire() {
	go work()
}

func First() int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

func Count(items []int) {
	var wg sync.WaitGroup
	for range items {
		go func() {
			wg.Add(1)
			defer wg.Done()
			work()
		}()
	}
	wg.Wait()
}
`,
	"clean/clean.go": "package clean\n\nfunc Sum(xs []int) (n int) {\n\tfor _, x := range xs {\n\t\tn += x\n\t}\n\treturn n\n}\n",
}

// writeSample writes a module that requires this repository, so that
// fixes importing package async build, and returns its directory.
func writeSample(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/sample\n\ngo 1.26\n\nrequire github.com/gostructlint/gostructlint v0.0.0\n\nreplace github.com/gostructlint/gostructlint => " + repoRoot(t) + "\n",
	}
	for name, content := range sampleSources {
		files[name] = content
	}
	for name, content := range extra {
		files[name] = content
	}
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

type result struct {
	code           int
	stdout, stderr string
}

// run runs name with args in dir, with the module cache as the only
// module source.
func run(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	code := 0
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("running %s: %v", name, err)
	}
	return result{code, stdout.String(), stderr.String()}
}

func TestVersionAndFlags(t *testing.T) {
	dir := t.TempDir()
	r := run(t, dir, binary, "-V=full")
	if r.code != 0 || !strings.Contains(r.stdout, "version") {
		t.Errorf("-V=full: exit code %d, stdout %q; want 0 and a version line", r.code, r.stdout)
	}

	r = run(t, dir, binary, "-flags")
	if r.code != 0 {
		t.Fatalf("-flags: exit code %d, stderr:\n%s", r.code, r.stderr)
	}
	var flags []struct{ Name string }
	if err := json.Unmarshal([]byte(r.stdout), &flags); err != nil {
		t.Fatalf("-flags: invalid JSON: %v\n%s", err, r.stdout)
	}
	var names []string
	for _, f := range flags {
		names = append(names, f.Name)
	}
	for _, want := range []string{"nakedgo", "wgmisuse", "chanleak", "ctxdone", "fixstyle", "json"} {
		if !slices.Contains(names, want) {
			t.Errorf("-flags does not list -%s: %v", want, names)
		}
	}
}

// finding is what the standalone and go vet JSON outputs share.
type finding struct {
	pkg, analyzer, posn, message string
}

// parseJSON reads a sequence of go vet -json trees.
func parseJSON(t *testing.T, out string) []finding {
	t.Helper()
	var findings []finding
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("invalid JSON: %v\n%s", err, out)
		}
		for pkg, byAnalyzer := range tree {
			for analyzer, raw := range byAnalyzer {
				var diags []struct{ Posn, Message string }
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Fatalf("%s: %s: not a list of diagnostics: %s", pkg, analyzer, raw)
				}
				for _, d := range diags {
					findings = append(findings, finding{strings.Fields(pkg)[0], analyzer, d.Posn, d.Message})
				}
			}
		}
	}
	slices.SortFunc(findings, func(x, y finding) int { return strings.Compare(x.posn+x.message, y.posn+y.message) })
	return slices.Compact(findings)
}

func TestGoVetMatchesStandalone(t *testing.T) {
	dir := writeSample(t, nil)

	standalone := run(t, dir, binary, "-json", "./...")
	if standalone.code == 1 {
		t.Fatalf("standalone: exit code 1, stderr:\n%s", standalone.stderr)
	}
	vet := run(t, dir, "go", "vet", "-vettool="+binary, "-json", "./...")
	if vet.code != 0 {
		t.Fatalf("go vet -json: exit code %d, stderr:\n%s", vet.code, vet.stderr)
	}

	want := parseJSON(t, standalone.stdout)
	got := parseJSON(t, vet.stdout)
	if !slices.Equal(got, want) {
		t.Errorf("go vet findings differ from the standalone ones\ngo vet:     %v\nstandalone: %v", got, want)
	}
	if wantCode := map[bool]int{true: 3, false: 0}[len(want) > 0]; standalone.code != wantCode {
		t.Errorf("standalone: exit code %d with %d findings, want %d", standalone.code, len(want), wantCode)
	}

	plain := run(t, dir, "go", "vet", "-vettool="+binary, "./...")
	if len(want) > 0 && plain.code == 0 {
		t.Errorf("go vet: exit code 0 although there are findings")
	}
	if len(want) == 0 && plain.code != 0 {
		t.Errorf("go vet: exit code %d without findings; stderr:\n%s", plain.code, plain.stderr)
	}
}

func TestGoFixAnalyzerFlags(t *testing.T) {
	dir := writeSample(t, nil)
	leak := filepath.Join(dir, "leak", "leak.go")
	before, err := os.ReadFile(leak)
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, dir, "go", "fix", "-fixtool="+binary, "-nakedgo=false", "-wgmisuse=false", "-chanleak=false", "-ctxdone.fixstyle=minimal", "./...")
	if r.code != 0 {
		t.Fatalf("go fix with every fixing analyzer disabled: exit code %d, stderr:\n%s", r.code, r.stderr)
	}
	if after, _ := os.ReadFile(leak); string(after) != string(before) {
		t.Errorf("go fix changed the file although the analyzers that fix it are disabled:\n%s", after)
	}
}

func TestGoVetFixStyleFlag(t *testing.T) {
	dir := writeSample(t, nil)
	r := run(t, dir, "go", "vet", "-vettool="+binary, "-fixstyle=minimal", "./clean")
	if r.code != 0 {
		t.Errorf("go vet -fixstyle=minimal: exit code %d, stderr:\n%s", r.code, r.stderr)
	}
}

func TestGoFixBuilds(t *testing.T) {
	dir := writeSample(t, nil)
	before := parseJSON(t, run(t, dir, binary, "-json", "./...").stdout)

	// nakedgo and chanleak both fix the go statement in First: nakedgo's
	// rewrite deletes the make call into which chanleak inserts a buffer
	// size, and x/tools v0.52.0 would merge the two edits into code that
	// does not parse. When fixes overlap, unitchecker applies some, asks
	// for a re-run and exits 1.
	for range 3 {
		r := run(t, dir, "go", "fix", "-fixtool="+binary, "./...")
		if r.code == 0 {
			break
		}
		if !strings.Contains(r.stderr, "Re-run the command") {
			t.Fatalf("go fix: exit code %d, stderr:\n%s", r.code, r.stderr)
		}
	}
	if r := run(t, dir, "go", "build", "./..."); r.code != 0 {
		t.Errorf("go build after go fix: exit code %d, stderr:\n%s", r.code, r.stderr)
	}
	after := parseJSON(t, run(t, dir, binary, "-json", "./...").stdout)
	if len(before) > 0 && len(after) >= len(before) {
		t.Errorf("go fix left %d of %d findings: %v", len(after), len(before), after)
	}
}

func TestStandaloneFixBuilds(t *testing.T) {
	dir := writeSample(t, nil)
	before := parseJSON(t, run(t, dir, binary, "-json", "./...").stdout)

	r := run(t, dir, binary, "-fix", "./...")
	if r.code != 0 {
		t.Fatalf("-fix: exit code %d, stderr:\n%s", r.code, r.stderr)
	}
	if r := run(t, dir, "go", "build", "./..."); r.code != 0 {
		t.Errorf("go build after -fix: exit code %d, stderr:\n%s", r.code, r.stderr)
	}
	after := parseJSON(t, run(t, dir, binary, "-json", "./...").stdout)
	if len(before) > 0 && len(after) >= len(before) {
		t.Errorf("-fix left %d of %d findings: %v", len(after), len(before), after)
	}
}

func TestBrokenPackageNextToGood(t *testing.T) {
	dir := writeSample(t, map[string]string{
		"broken/broken.go": "package broken\n\nfunc F() int { return missing }\n",
	})
	r := run(t, dir, binary, "./...")
	if r.code != 1 {
		t.Errorf("exit code %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
	var lines []string
	for line := range strings.SplitSeq(r.stderr, "\n") {
		if strings.Contains(line, "example.com/sample/broken") {
			lines = append(lines, line)
		}
	}
	if len(lines) != 1 || !strings.Contains(lines[0], "undefined: missing") {
		t.Errorf("want one error line naming the broken package and its error, got %q", lines)
	}
	if strings.Contains(r.stderr, "panic") {
		t.Errorf("stderr mentions a panic:\n%s", r.stderr)
	}
}

func TestDisableAnalyzerFlag(t *testing.T) {
	dir := writeSample(t, nil)
	r := run(t, dir, binary, "-nakedgo=false", "-wgmisuse=false", "-chanleak=false", "-ctxdone=false", "./...")
	if r.code != 1 || !strings.Contains(r.stderr, "no analyzer is enabled") {
		t.Errorf("all analyzers disabled: exit code %d, stderr %q; want 1 and an error", r.code, r.stderr)
	}
	r = run(t, dir, binary, "-nakedgo", "-json", "./...")
	for _, f := range parseJSON(t, r.stdout) {
		if f.analyzer != "nakedgo" {
			t.Errorf("-nakedgo alone ran %s: %v", f.analyzer, f)
		}
	}
}
