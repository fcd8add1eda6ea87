module github.com/gostructlint/gostructlint/bench

go 1.26.0

require (
	github.com/gostructlint/gostructlint v0.0.0
	github.com/sourcegraph/conc v0.3.0
	golang.org/x/sync v0.24.0
)

replace github.com/gostructlint/gostructlint => ../
