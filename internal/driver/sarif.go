package driver

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf16"

	"golang.org/x/tools/go/analysis"
)

// The SARIF 2.1.0 subset that code-scanning services read. The schema is
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                        `json:"tool"`
		Invocations        []sarifInvocation                `json:"invocations"`
		OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
		ColumnKind         string                           `json:"columnKind"`
		Results            []sarifResult                    `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID               string        `json:"id"`
		ShortDescription sarifMessage  `json:"shortDescription"`
		FullDescription  *sarifMessage `json:"fullDescription,omitempty"`
		HelpURI          string        `json:"helpUri,omitempty"`
		Properties       sarifProps    `json:"properties"`
	}
	sarifProps struct {
		Tags []string `json:"tags"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level   string       `json:"level"`
		Message sarifMessage `json:"message"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifMessage      `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Fixes               []sarifFix        `json:"fixes,omitempty"`
	}
	sarifLocation struct {
		ID               *int                  `json:"id,omitempty"`
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
		Message          *sarifMessage         `json:"message,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           sarifRegion           `json:"region"`
	}
	sarifArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
	sarifFix struct {
		Description     sarifMessage          `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Replacements     []sarifReplacement    `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifByteRegion `json:"deletedRegion"`
		InsertedContent sarifMessage    `json:"insertedContent"`
	}
	sarifByteRegion struct {
		ByteOffset int `json:"byteOffset"`
		ByteLength int `json:"byteLength"`
	}
)

// srcRoot is the uriBaseId of paths relative to the module root.
const srcRoot = "SRCROOT"

// writeSARIF writes the findings as one SARIF run. Rules are the analyzers
// and the categories of the findings. Paths are relative to the module
// root, columns count UTF-16 code units as the SARIF default requires,
// and errors appear as tool execution notifications.
func writeSARIF(w io.Writer, findings []*Finding, res *analysisResult, root string, errs []string) error {
	s := &sarifWriter{lines: newLineCache(), root: root, ruleIndex: make(map[string]int)}
	for _, a := range res.analyzers {
		s.addRule(a.Name, a, "")
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "gostructlint",
			InformationURI: "https://pkg.go.dev/github.com/gostructlint/gostructlint",
		}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: len(errs) == 0}},
		OriginalURIBaseIDs: map[string]sarifArtifactLocation{
			srcRoot: {URI: fileURI(root) + "/"},
		},
		ColumnKind: "utf16CodeUnits",
		Results:    []sarifResult{},
	}
	for _, e := range errs {
		run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications,
			sarifNotification{Level: "error", Message: sarifMessage{e}})
	}
	for _, f := range findings {
		run.Results = append(run.Results, s.result(f))
	}
	run.Tool.Driver.Rules = s.rules

	data, err := json.MarshalIndent(sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

type sarifWriter struct {
	lines     *lineCache
	root      string
	rules     []sarifRule
	ruleIndex map[string]int
}

// addRule adds the rule id of analyzer a (for the shape named by category
// when not empty) unless it exists, and returns its index.
func (s *sarifWriter) addRule(id string, a *analysis.Analyzer, category string) int {
	if i, ok := s.ruleIndex[id]; ok {
		return i
	}
	rule := sarifRule{
		ID:               id,
		ShortDescription: sarifMessage{docTitle(a)},
		HelpURI:          a.URL,
		Properties:       sarifProps{Tags: []string{"concurrency", a.Name}},
	}
	if category == "" {
		rule.FullDescription = &sarifMessage{strings.TrimSpace(a.Doc)}
	} else {
		_, shape, _ := strings.Cut(category, "/")
		rule.ShortDescription = sarifMessage{fmt.Sprintf("%s: %s", a.Name, cmp.Or(shape, category))}
	}
	s.ruleIndex[id] = len(s.rules)
	s.rules = append(s.rules, rule)
	return s.ruleIndex[id]
}

func (s *sarifWriter) result(f *Finding) sarifResult {
	d := f.Diagnostic
	fset := f.Package.Fset
	r := sarifResult{
		RuleID:              f.Rule(),
		RuleIndex:           s.addRule(f.Rule(), f.Analyzer, d.Category),
		Level:               "warning",
		Message:             sarifMessage{d.Message},
		Locations:           []sarifLocation{{PhysicalLocation: s.physical(f.Posn.Filename, f.Posn.Line, f.Posn.Column, f.End.Line, f.End.Column)}},
		PartialFingerprints: map[string]string{"gostructlint/v1": fingerprint(f)},
	}
	for i, rel := range d.Related {
		start, end := fset.Position(rel.Pos), fset.Position(cmp.Or(rel.End, rel.Pos))
		id := i + 1
		r.RelatedLocations = append(r.RelatedLocations, sarifLocation{
			ID:               &id,
			PhysicalLocation: s.physical(start.Filename, start.Line, start.Column, end.Line, end.Column),
			Message:          &sarifMessage{rel.Message},
		})
	}
	for _, fix := range d.SuggestedFixes {
		r.Fixes = append(r.Fixes, s.fix(f, fix))
	}
	return r
}

func (s *sarifWriter) fix(f *Finding, fix analysis.SuggestedFix) sarifFix {
	fset := f.Package.Fset
	out := sarifFix{Description: sarifMessage{fix.Message}}
	byFile := make(map[string]int) // filename to index in ArtifactChanges
	for _, e := range fix.TextEdits {
		start, end := fset.Position(e.Pos), fset.Position(cmp.Or(e.End, e.Pos))
		i, ok := byFile[start.Filename]
		if !ok {
			i = len(out.ArtifactChanges)
			byFile[start.Filename] = i
			out.ArtifactChanges = append(out.ArtifactChanges, sarifArtifactChange{ArtifactLocation: s.artifact(start.Filename)})
		}
		out.ArtifactChanges[i].Replacements = append(out.ArtifactChanges[i].Replacements, sarifReplacement{
			DeletedRegion:   sarifByteRegion{ByteOffset: start.Offset, ByteLength: end.Offset - start.Offset},
			InsertedContent: sarifMessage{string(e.NewText)},
		})
	}
	return out
}

func (s *sarifWriter) physical(filename string, line, col, endLine, endCol int) sarifPhysicalLocation {
	return sarifPhysicalLocation{
		ArtifactLocation: s.artifact(filename),
		Region: sarifRegion{
			StartLine:   line,
			StartColumn: s.utf16Column(filename, line, col),
			EndLine:     endLine,
			EndColumn:   s.utf16Column(filename, endLine, endCol),
		},
	}
}

func (s *sarifWriter) artifact(filename string) sarifArtifactLocation {
	rel := relativePath(s.root, filename)
	if filepath.IsAbs(filepath.FromSlash(rel)) {
		return sarifArtifactLocation{URI: fileURI(filename)}
	}
	return sarifArtifactLocation{URI: (&url.URL{Path: rel}).String(), URIBaseID: srcRoot}
}

// utf16Column converts a 1-based byte column into a 1-based column in
// UTF-16 code units.
func (s *sarifWriter) utf16Column(filename string, line, col int) int {
	text := s.lines.line(filename, line)
	if col < 1 || col-1 > len(text) {
		return max(col, 1)
	}
	return len(utf16.Encode([]rune(text[:col-1]))) + 1
}

func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// fingerprint identifies a finding across runs the way the baseline does,
// without line numbers.
func fingerprint(f *Finding) string {
	k := keyOf(f)
	sum := sha256.Sum256([]byte(strings.Join([]string{k.Analyzer, k.Category, k.File, k.Message, k.LineText}, "\x00")))
	return hex.EncodeToString(sum[:16])
}
