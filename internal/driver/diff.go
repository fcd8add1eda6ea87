package driver

import (
	"bytes"
	"fmt"
	"strings"
)

// maxDiffCells bounds the table of the line diff. Beyond it, the changed
// middle of the file is shown as one hunk that removes and adds it whole.
const maxDiffCells = 16 << 20

// unifiedDiff returns the unified diff, with three lines of context, that
// turns old into new, or nil when they are equal.
func unifiedDiff(oldName, newName string, old, new []byte) []byte {
	if bytes.Equal(old, new) {
		return nil
	}
	a, b := splitLines(old), splitLines(new)
	ops := diffLines(a, b)

	var out bytes.Buffer
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	const context = 3
	for i := 0; i < len(ops); {
		// Find the next change and the end of its hunk: the hunk goes on
		// while changes are at most 2*context lines apart.
		for i < len(ops) && ops[i].kind == ' ' {
			i++
		}
		if i == len(ops) {
			break
		}
		start := max(i-context, 0)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j + 1
			} else if j-end >= 2*context {
				break
			}
		}
		end = min(end+context, len(ops))
		writeHunk(&out, ops[start:end])
		i = end
	}
	return out.Bytes()
}

// lineOp is one line of a diff: kept (' '), removed ('-') or added ('+').
type lineOp struct {
	kind             byte
	text             string
	oldLine, newLine int // 1-based numbers of the line before this op in each file, plus one
}

func writeHunk(out *bytes.Buffer, ops []lineOp) {
	var oldCount, newCount int
	for _, op := range ops {
		if op.kind != '+' {
			oldCount++
		}
		if op.kind != '-' {
			newCount++
		}
	}
	oldStart, newStart := ops[0].oldLine, ops[0].newLine
	if oldCount == 0 {
		oldStart--
	}
	if newCount == 0 {
		newStart--
	}
	fmt.Fprintf(out, "@@ -%d,%d +%d,%d @@\n", oldStart, oldCount, newStart, newCount)
	for _, op := range ops {
		out.WriteByte(op.kind)
		out.WriteString(op.text)
		if !strings.HasSuffix(op.text, "\n") {
			out.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

func splitLines(data []byte) []string {
	lines := strings.SplitAfter(string(data), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// diffLines returns the edit script from a to b along a longest common
// subsequence of lines.
func diffLines(a, b []string) []lineOp {
	var ops []lineOp
	i, j := 0, 0
	keep := func() {
		ops = append(ops, lineOp{' ', a[i], i + 1, j + 1})
		i++
		j++
	}
	remove := func() {
		ops = append(ops, lineOp{'-', a[i], i + 1, j + 1})
		i++
	}
	add := func() {
		ops = append(ops, lineOp{'+', b[j], i + 1, j + 1})
		j++
	}

	// Common prefix and suffix cost nothing and shrink the table.
	prefix := 0
	for prefix < len(a) && prefix < len(b) && a[prefix] == b[prefix] {
		prefix++
	}
	suffix := 0
	for suffix < len(a)-prefix && suffix < len(b)-prefix && a[len(a)-1-suffix] == b[len(b)-1-suffix] {
		suffix++
	}
	for range prefix {
		keep()
	}
	midA, midB := a[prefix:len(a)-suffix], b[prefix:len(b)-suffix]
	n, m := len(midA), len(midB)

	if (n+1)*(m+1) > maxDiffCells {
		for range n {
			remove()
		}
		for range m {
			add()
		}
	} else {
		// lcs[x*(m+1)+y] is the length of the longest common
		// subsequence of midA[x:] and midB[y:].
		lcs := make([]int32, (n+1)*(m+1))
		for x := n - 1; x >= 0; x-- {
			for y := m - 1; y >= 0; y-- {
				if midA[x] == midB[y] {
					lcs[x*(m+1)+y] = lcs[(x+1)*(m+1)+y+1] + 1
				} else {
					lcs[x*(m+1)+y] = max(lcs[(x+1)*(m+1)+y], lcs[x*(m+1)+y+1])
				}
			}
		}
		x, y := 0, 0
		for x < n || y < m {
			switch {
			case x < n && y < m && midA[x] == midB[y]:
				keep()
				x++
				y++
			case y == m || x < n && lcs[(x+1)*(m+1)+y] >= lcs[x*(m+1)+y+1]:
				remove()
				x++
			default:
				add()
				y++
			}
		}
	}

	for range suffix {
		keep()
	}
	return ops
}
