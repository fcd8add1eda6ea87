package driver

import (
	"bytes"
	"cmp"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// edit replaces the bytes [start, end) of a file with text.
type edit struct {
	start, end int
	text       string
}

// fileEdits is a fix's share of one file.
type fileEdits struct {
	filename string
	size     int // of the file the offsets refer to
	edits    []edit
}

// applyFixes applies the first suggested fix of each finding, or, with
// -diff, prints the changes as a unified diff on stdout. A fix is applied
// whole or not at all: one that overlaps or touches an edit of a fix
// already taken is skipped and counted, and running the command again
// applies it. An edit that two fixes share exactly, such as the same added
// import, is made once. Each changed file is gofmt'ed before it is
// written. Errors are printed, and the returned note, when not empty,
// gives the number of fixes skipped.
func (r *runner) applyFixes(findings []*Finding, root string) (note string) {
	accepted := make(map[string][]edit) // filename to edits
	sizes := make(map[string]int)
	var applied, skipped int
	for _, f := range r.fixOrder(findings) {
		if len(f.Diagnostic.SuggestedFixes) == 0 {
			continue
		}
		parts, err := splitFix(f)
		if err != nil {
			r.errorf("%s: %v", displayPosition(f.Posn, r.cfg.dir), err)
			continue
		}
		if conflicts(parts, accepted) {
			skipped++
			continue
		}
		for _, p := range parts {
			sizes[p.filename] = p.size
			for _, e := range p.edits {
				if !slices.Contains(accepted[p.filename], e) {
					accepted[p.filename] = append(accepted[p.filename], e)
				}
			}
		}
		applied++
	}

	filenames := make([]string, 0, len(accepted))
	for name := range accepted {
		filenames = append(filenames, name)
	}
	slices.Sort(filenames)
	for _, name := range filenames {
		if err := r.rewriteFile(name, sizes[name], accepted[name], root); err != nil {
			r.errorf("%v", err)
		}
	}
	r.progressf("applied %d fixes to %d files", applied, len(filenames))
	var notes []string
	if skipped > 0 {
		subject, verb, rest := "fixes overlap", "are", "were"
		if skipped == 1 {
			subject, verb, rest = "fix overlaps", "is", "was"
		}
		if r.cfg.diff {
			notes = append(notes, fmt.Sprintf("%d %s other fixes and %s not in the diff; apply the diff and run again to see those whose findings remain", skipped, subject, verb))
		} else {
			notes = append(notes, fmt.Sprintf("%d %s other fixes and %s not applied; run again to fix the findings that remain", skipped, subject, rest))
		}
	}
	if importsAsync(accepted) && !requiresModule(root) {
		notes = append(notes, "the fixes import "+asyncImportPath+", which go.mod does not require yet; run: go get "+asyncImportPath)
	}
	return strings.Join(notes, "\n")
}

const asyncImportPath = "github.com/gostructlint/gostructlint/async"

// importsAsync reports whether an accepted edit adds an import of package
// async.
func importsAsync(accepted map[string][]edit) bool {
	for _, edits := range accepted {
		for _, e := range edits {
			if strings.Contains(e.text, `"`+asyncImportPath+`"`) {
				return true
			}
		}
	}
	return false
}

// requiresModule reports whether the go.mod file in root is this module's
// own or requires it. Without a readable go.mod it reports true, so that
// no advice is given where none can be checked.
func requiresModule(root string) bool {
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return true
	}
	return bytes.Contains(data, []byte("github.com/gostructlint/gostructlint"))
}

// fixOrder returns the findings in the order their fixes are tried: by
// analyzer, in the order the analyzers were given, then by position. Under
// go fix, the combined analyzer keeps fixes in the same order.
func (r *runner) fixOrder(findings []*Finding) []*Finding {
	rank := make(map[string]int)
	for i, a := range r.cfg.analyzers {
		rank[a.Name] = i
	}
	ordered := slices.Clone(findings)
	slices.SortStableFunc(ordered, func(x, y *Finding) int {
		return cmp.Compare(rank[x.Analyzer.Name], rank[y.Analyzer.Name])
	})
	return ordered
}

// splitFix returns the edits of the first fix of f grouped by file.
func splitFix(f *Finding) ([]fileEdits, error) {
	fset := f.Package.Fset
	var parts []fileEdits
	for _, e := range f.Diagnostic.SuggestedFixes[0].TextEdits {
		tf := fset.File(e.Pos)
		if tf == nil {
			return nil, fmt.Errorf("fix %q has an edit without a file", f.Diagnostic.SuggestedFixes[0].Message)
		}
		start := tf.Offset(e.Pos)
		end := start
		if e.End.IsValid() {
			end = tf.Offset(e.End)
		}
		i := slices.IndexFunc(parts, func(p fileEdits) bool { return p.filename == tf.Name() })
		if i < 0 {
			i = len(parts)
			parts = append(parts, fileEdits{filename: tf.Name(), size: tf.Size()})
		}
		parts[i].edits = append(parts[i].edits, edit{start, end, string(e.NewText)})
	}
	return parts, nil
}

// conflicts reports whether an edit of parts overlaps or touches an
// accepted edit without being identical to it. Touching counts: text
// inserted at the end of a range that another fix deletes lands in code
// that fix rewrote, and two insertions at one offset have no natural
// order.
func conflicts(parts []fileEdits, accepted map[string][]edit) bool {
	for _, p := range parts {
		for _, e := range p.edits {
			for _, a := range accepted[p.filename] {
				if e != a && e.start <= a.end && a.start <= e.end {
					return true
				}
			}
		}
	}
	return false
}

// rewriteFile applies edits to filename and formats the result. It writes
// the file, or prints its diff with -diff.
func (r *runner) rewriteFile(filename string, size int, edits []edit, root string) error {
	old, err := os.ReadFile(filename)
	if err != nil {
		return fmt.Errorf("applying fixes: %v", err)
	}
	if len(old) != size {
		return fmt.Errorf("applying fixes: %s changed since it was analyzed", filename)
	}
	slices.SortFunc(edits, func(x, y edit) int {
		return cmp.Or(cmp.Compare(x.start, y.start), cmp.Compare(x.end, y.end))
	})
	var b bytes.Buffer
	last := 0
	for _, e := range edits {
		b.Write(old[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(old[last:])

	fixed, err := format.Source(b.Bytes())
	if err != nil {
		return fmt.Errorf("applying fixes: the fixed %s does not parse, so it was not written: %v", filename, err)
	}
	if r.cfg.diff {
		name := relativePath(root, filename)
		_, err := r.opts.Stdout.Write(unifiedDiff("a/"+strings.TrimPrefix(name, "/"), "b/"+strings.TrimPrefix(name, "/"), old, fixed))
		return err
	}
	info, err := os.Stat(filename)
	if err != nil {
		return fmt.Errorf("applying fixes: %v", err)
	}
	if err := os.WriteFile(filename, fixed, info.Mode().Perm()); err != nil {
		return fmt.Errorf("applying fixes: %v", err)
	}
	return nil
}
