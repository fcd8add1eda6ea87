// Command gostructlint runs the gostructlint analyzers.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/gostructlint/gostructlint/analyzers"
)

func main() {
	multichecker.Main(analyzers.All()...)
}
