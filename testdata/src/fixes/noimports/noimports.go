package noimports

func needsImports() {} // want "needs imports"
