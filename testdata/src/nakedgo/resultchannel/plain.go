package resultchannel

import "strings"

// count receives the result without a deadline: the rewrite onto Timeout
// does not apply, but a buffer of one lets the sender finish even if the
// receive were skipped.
func count(s string) int {
	n := make(chan int)
	go func() { // want `goroutine started in count hands its result back on channel n outside a scope`
		n <- strings.Count(s, " ")
	}()
	return <-n
}

// collect ranges over a channel that the goroutine closes: a result
// stream, rewritten onto async.Run with async.Send.
func collect(words []string) []string {
	out := make(chan string)
	go func() { // want `goroutine started in collect streams its results on channel out outside a scope; run producer and consumer in an async.Run scope so the producer cannot outlive collect`
		defer close(out)
		for _, w := range words {
			out <- strings.TrimSpace(w)
		}
	}()
	var all []string
	for w := range out {
		all = append(all, w)
	}
	return all
}

// produce hands back its results through a declared function.
func produce(out chan<- int, n int) {
	for i := range n {
		out <- i
	}
	close(out)
}

func sum(n int) int {
	ch := make(chan int)
	go produce(ch, n) // want `goroutine started in sum streams its results on channel ch outside a scope`
	total := 0
	for v := range ch {
		total += v
	}
	return total
}

// notify sends on a channel that the parent never receives from after the
// go statement: no result channel, so the goroutine is unjoined.
func notify(events chan<- string) {
	go func() { // want `goroutine started in notify is never joined`
		events <- "started"
	}()
}

// either takes whichever count finishes first; the other goroutine is
// left with a send that no receive matches.
func either(a, b string) int {
	done := make(chan int)
	go func() { done <- count(a) }() // want `goroutine started in either hands its result back on channel done, as other goroutines do, outside a scope; use async.Race, or async.Run with async.Spawn, so none of them can outlive either`
	go func() { done <- count(b) }() // want `goroutine started in either hands its result back on channel done, as other goroutines do, outside a scope`
	return <-done
}
