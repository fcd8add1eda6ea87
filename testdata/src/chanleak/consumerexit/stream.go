package consumerexit

import (
	"bufio"
	"context"
	"io"
	"strings"
)

// firstMatch streams lines under the caller's context and stops at the
// first match; the producer closes the channel in a defer.
func firstMatch(ctx context.Context, r io.Reader, word string) (string, bool) {
	lines := make(chan string)
	go func() { // want `goroutine keeps sending on channel lines, but firstMatch can leave its receive loop and return at line 23 without draining it: the sender blocks forever`
		defer close(lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() && ctx.Err() == nil {
			lines <- sc.Text()
		}
	}()
	for line := range lines {
		if strings.Contains(line, word) {
			return line, true
		}
	}
	return "", false
}

// closesAtEnd closes the channel only after its last send, so with a
// context in scope only the stop channel repair is offered: a send that
// gave up on the context would leave the range loop waiting.
func closesAtEnd(ctx context.Context, words []string) int {
	ch := make(chan string)
	go func() { // want `goroutine keeps sending on channel ch, but closesAtEnd can leave its receive loop and return at line 46 without draining it: the sender blocks forever`
		for _, w := range words {
			if ctx.Err() != nil {
				break
			}
			ch <- w
		}
		close(ch)
	}()
	n := 0
	for w := range ch {
		if w == "" {
			return n
		}
		n++
	}
	return n
}

// namedCount has a named result: no rewrite onto async.Run.
func namedCount(words []string) (n int) {
	ch := make(chan string)
	go func() { // want `goroutine keeps sending on channel ch, but namedCount can leave its receive loop and return at line 64 without draining it: the sender blocks forever`
		defer close(ch)
		for _, w := range words {
			ch <- w
		}
	}()
	for w := range ch {
		if w == "" {
			return
		}
		n++
	}
	return
}
