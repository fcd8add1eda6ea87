package single

import "fmt"

func needsImports() { fmt.Println() } // want "needs imports"
