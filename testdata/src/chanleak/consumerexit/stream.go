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

// firstReader sends concrete readers on a channel of interfaces: the
// rewrite names the type of async.Send, which inference would get wrong.
func firstReader(texts []string) io.Reader {
	readers := make(chan io.Reader)
	go func() { // want `goroutine keeps sending on channel readers, but firstReader can leave its receive loop and return at line 85 without draining it: the sender blocks forever`
		defer close(readers)
		for _, t := range texts {
			readers <- strings.NewReader(t)
		}
	}()
	n := 0
	for r := range readers {
		n++
		if n == 2 {
			return r
		}
	}
	return nil
}

// Near misses below: the finding stays, with the stop channel repair only.

// throughHelper sends through a helper, which would stay a plain send
// that the scope's Cancel cannot end.
func throughHelper(xs []int) int {
	ch := make(chan int)
	go func() { // want `goroutine keeps sending on channel ch, but throughHelper can leave its receive loop and return at line 106 without draining it: the sender blocks forever`
		defer close(ch)
		ch <- 0
		for _, x := range xs {
			emit(ch, x)
		}
	}()
	for v := range ch {
		if v > 5 {
			return v
		}
	}
	return -1
}

func emit(c chan<- int, v int) { c <- v }

// sendInPost sends in the post statement of a for loop, where an if
// statement cannot go.
func sendInPost(n int) int {
	ch := make(chan int)
	go func() { // want `goroutine keeps sending on channel ch, but sendInPost can leave its receive loop and return at line 126 without draining it: the sender blocks forever`
		defer close(ch)
		for i := 0; i < n; ch <- i {
			i++
		}
	}()
	for v := range ch {
		if v > 2 {
			return v
		}
	}
	return 0
}

// hiddenAsync has a local named async, which would hide the package.
func hiddenAsync(xs []int) int {
	async := 1
	ch := make(chan int)
	go func() { // want `goroutine keeps sending on channel ch, but hiddenAsync can leave its receive loop and return at line 144 without draining it: the sender blocks forever`
		defer close(ch)
		for _, x := range xs {
			ch <- x * async
		}
	}()
	for v := range ch {
		if v < 0 {
			return v
		}
	}
	return 0
}
