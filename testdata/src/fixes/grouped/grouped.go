package grouped

import (
	"context"
	"fmt"
)

func needsImports() { fmt.Println(context.Background()) } // want "needs imports"
