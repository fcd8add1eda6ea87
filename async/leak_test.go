package async

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
)

// TestMain fails the run when a goroutine started by this package is still
// alive after all tests. Each test also checks itself with checkLeaks or
// runs in a synctest bubble, which fails on leaked goroutines.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if leaked := leakedGoroutines(nil); len(leaked) > 0 {
			fmt.Fprintf(os.Stderr, "goroutines leaked by the tests:\n%s\n", strings.Join(leaked, "\n\n"))
			code = 1
		}
	}
	os.Exit(code)
}

// checkLeaks fails t if, when t ends, a goroutine that did not exist when
// checkLeaks was called is still alive.
func checkLeaks(t *testing.T) {
	t.Helper()
	before := goroutineIDs()
	t.Cleanup(func() {
		if leaked := leakedGoroutines(before); len(leaked) > 0 {
			t.Errorf("%d goroutines leaked:\n%s", len(leaked), strings.Join(leaked, "\n\n"))
		}
	})
}

// leakedGoroutines returns the stacks of the goroutines that are not in
// known and were created by this package or its tests. A goroutine that has
// finished its work may still be listed for a moment, so the check yields
// the processor and retries a bounded number of times before reporting.
func leakedGoroutines(known map[string]bool) []string {
	var leaked []string
	for range 1000 {
		leaked = leaked[:0]
		for id, stack := range goroutineStacks() {
			if known[id] || !strings.Contains(stack, "gostructlint/async.") {
				continue
			}
			leaked = append(leaked, stack)
		}
		if len(leaked) == 0 {
			return nil
		}
		runtime.Gosched()
	}
	return leaked
}

// goroutineIDs returns the set of the ids of the live goroutines.
func goroutineIDs() map[string]bool {
	ids := make(map[string]bool)
	for id := range goroutineStacks() {
		ids[id] = true
	}
	return ids
}

// goroutineStacks returns the stack of every other live goroutine, keyed by
// its "goroutine N" header.
func goroutineStacks() map[string]string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}

	stacks := make(map[string]string)
	for i, stack := range strings.Split(string(buf), "\n\n") {
		if i == 0 {
			continue // the calling goroutine
		}
		header, _, _ := strings.Cut(stack, " [")
		stacks[header] = stack
	}
	return stacks
}

func TestCheckLeaksFindsLeak(t *testing.T) {
	before := goroutineIDs()
	stop := make(chan struct{})
	go func() { <-stop }()

	leaked := leakedGoroutines(before)
	close(stop)
	if len(leaked) != 1 {
		t.Fatalf("leakedGoroutines found %d goroutines, want 1", len(leaked))
	}
	if leaked := leakedGoroutines(before); len(leaked) != 0 {
		t.Fatalf("leakedGoroutines found %d goroutines after the goroutine returned, want 0", len(leaked))
	}
}

// returnViaGoexit ends the calling goroutine like testing.T.FailNow does.
func returnViaGoexit() {
	runtime.Goexit()
}
