package wgmisuse

import (
	"go/ast"

	"golang.org/x/tools/go/analysis"
)

// asyncFix returns the rewrite of the fork-join on key in fn onto
// async.Run, or nil.
func (c *checker) asyncFix(fn ast.Node, key group) *analysis.SuggestedFix {
	return nil
}
