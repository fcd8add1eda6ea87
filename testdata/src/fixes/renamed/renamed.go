// Package renamed declares its own "async", so the import needs another
// name.
package renamed

import stdctx "context"

var async = 1

func needsImports() { _ = stdctx.Background() } // want "needs imports"

func needsImportsToo() {} // want "needs imports"
