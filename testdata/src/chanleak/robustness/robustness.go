// Package robustness holds unusual code that the analyzer must get
// through without a crash or a finding.
package robustness

import (
	"context"
	"sync"
)

// first is generic: its channel has a type parameter as element.
func first[T any](fs ...func() T) T {
	ch := make(chan T, len(fs))
	for _, f := range fs {
		go func() { ch <- f() }()
	}
	return <-ch
}

type box[T any] struct {
	ch chan T
}

func (b *box[T]) put(v T) {
	select {
	case b.ch <- v:
	default:
	}
}

func newBox[T any]() *box[T] { return &box[T]{ch: make(chan T, 1)} }

// nilChannel selects on a nil channel and a closed one.
func nilChannel() {
	var never chan int
	done := make(chan struct{})
	close(done)
	select {
	case <-never:
	case <-done:
	}
}

// mapOfChannels keeps channels in a map.
func mapOfChannels(keys []string) {
	m := map[string]chan int{}
	for _, k := range keys {
		m[k] = make(chan int, 1)
		m[k] <- 1
	}
	for _, ch := range m {
		<-ch
	}
}

// recursive starts itself.
func recursive(n int, out chan<- int) {
	if n == 0 {
		close(out)
		return
	}
	out <- n
	recursive(n-1, out)
}

func useRecursive() int {
	ch := make(chan int, 16)
	go recursive(10, ch)
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

// closerAfterWait is the standard fan-in with a closer goroutine.
func closerAfterWait(items []int) int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- it * 2
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	sum := 0
	for v := range out {
		sum += v
	}
	return sum
}

// cancelled waits for a context that its caller cancels.
func cancelled() {
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-ctx.Done() }()
	cancel()
}

var _ = []any{first[int], newBox[int], nilChannel, mapOfChannels, useRecursive, closerAfterWait, cancelled}
