// Package waitgroup holds goroutines that a sync.WaitGroup joins.
package waitgroup

import (
	"context"
	"strings"
	"sync"
)

// upperAll converts every word on its own goroutine and waits for all of
// them: the loop form of the fork-join.
func upperAll(words []string) []string {
	out := make([]string, len(words))
	var wg sync.WaitGroup
	for i, w := range words {
		wg.Add(1)
		go func() { // want `goroutine joined by WaitGroup wg runs outside a scope; use async.Run with s.Go so every child ends before upperAll returns`
			defer wg.Done()
			if w == "" {
				return
			}
			out[i] = strings.ToUpper(w)
		}()
	}
	wg.Wait()
	return out
}

// lengths passes the loop variable as an argument, in the style from
// before Go 1.22, and uses the context in scope.
func lengths(ctx context.Context, words []string) []int {
	out := make([]int, len(words))
	var wg sync.WaitGroup
	for i := range words {
		wg.Add(1)
		go func(i int, s string) { // want `goroutine joined by WaitGroup wg runs outside a scope`
			defer wg.Done()
			if ctx.Err() != nil {
				return
			}
			out[i] = len(s)
		}(i, words[i])
	}
	wg.Wait()
	return out
}

// pair starts two goroutines without a loop and marks them done at the end
// of their bodies.
func pair(a, b string) (string, string) {
	var x, y string
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // want `goroutine joined by WaitGroup wg runs outside a scope`
		x = strings.Repeat(a, 2)
		wg.Done()
	}()
	go func() { // want `goroutine joined by WaitGroup wg runs outside a scope`
		defer wg.Done()
		y = strings.Repeat(b, 2)
	}()
	wg.Wait()
	return x, y
}

// countCalls passes arguments that the goroutine ignores: the rewrite keeps
// the call's evaluation and drops the plain variable.
func countCalls(n int, next func() int) int {
	var mu sync.Mutex
	calls := 0
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(id, seq int) { // want `goroutine joined by WaitGroup wg runs outside a scope`
			defer wg.Done()
			mu.Lock()
			calls++
			mu.Unlock()
		}(i, next())
	}
	wg.Wait()
	return calls
}

// trimmedLengths passes a variable of the loop body, which the body
// declares, as the goroutine's argument: the rewrite captures it as it
// is, since n := n would not compile there.
func trimmedLengths(words []string) []int {
	out := make([]int, len(words))
	var wg sync.WaitGroup
	for i, w := range words {
		t := strings.TrimSpace(w)
		wg.Add(1)
		go func(t string) { // want `goroutine joined by WaitGroup wg runs outside a scope`
			defer wg.Done()
			out[i] = len(t)
		}(t)
	}
	wg.Wait()
	return out
}

// pairs starts two goroutines per cell, each passed the variables of the
// two loops around it: from Go 1.22 on, both capture them as they are.
func pairs(rows, cols int, send, recv func(int, int)) {
	var wg sync.WaitGroup
	wg.Add(2 * rows * cols)
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			go func(r, c int) { // want `goroutine joined by WaitGroup wg runs outside a scope`
				defer wg.Done()
				send(r, c)
			}(r, c)
			go func(r, c int) { // want `goroutine joined by WaitGroup wg runs outside a scope`
				defer wg.Done()
				recv(r, c)
			}(r, c)
		}
	}
	wg.Wait()
}
