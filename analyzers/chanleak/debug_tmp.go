package chanleak

import (
	"fmt"
	"os"

	"github.com/gostructlint/gostructlint/passes/chanflow"
)

func (c *checker) debugDump(chans []*chanflow.Channel) {
	if os.Getenv("CHANLEAK_DEBUG") == "" {
		return
	}
	for _, ch := range chans {
		fmt.Fprintf(os.Stderr, "%s cap=%d esc=%v(%s) makes=%d ops=%d\n", c.chanName(ch), ch.Cap, ch.Escaped, ch.Why, len(ch.Makes), len(ch.Ops))
		for _, op := range ch.Ops {
			fmt.Fprintf(os.Stderr, "   %v %s case=%d blk=%v def=%v range=%v %s\n", op.Kind, c.pass.Fset.Position(op.Pos), op.Case, op.Blocking, op.Default, op.Range, op.Fn)
		}
	}
}
