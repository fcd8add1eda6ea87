package waitgroup

import (
	"sync"
)

// Pool keeps its WaitGroup in a field and waits in another method: the
// goroutine is joined, but the rewrite needs the whole fork-join in one
// function, so no fix is offered.
type Pool struct {
	wg  sync.WaitGroup
	out chan int
}

// Start starts n workers.
func (p *Pool) Start(n int) {
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go func() { // want `goroutine joined by WaitGroup p.wg runs outside a scope; use async.Run with s.Go so every child ends before its owner ends`
			defer p.wg.Done()
			p.out <- i
		}()
	}
}

// Stop waits for the workers.
func (p *Pool) Stop() {
	p.wg.Wait()
	close(p.out)
}

// early returns from the middle of the fork-join, which a scope's body
// cannot do for its caller: no fix.
func early(items []int) int {
	total := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, it := range items {
		if it < 0 {
			return -1
		}
		wg.Add(1)
		go func() { // want `goroutine joined by WaitGroup wg runs outside a scope`
			defer wg.Done()
			mu.Lock()
			total += it
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}

// worker receives the group as an argument.
func worker(wg *sync.WaitGroup, n int, out []int) {
	defer wg.Done()
	out[n] = n * n
}

// squares passes the group to a declared function: the shape is
// recognised, but the rewrite handles only function literals.
func squares(n int) []int {
	out := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go worker(&wg, i, out) // want `goroutine joined by WaitGroup wg runs outside a scope`
	}
	wg.Wait()
	return out
}

// doneOnly marks a group done that nobody waits on: that is no join.
func doneOnly() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want `goroutine started in doneOnly is never joined`
		defer wg.Done()
	}()
}

// discarded starts a literal with a result, which go discards; s.Go and
// wg.Go take functions of other types, so no fix is offered.
func discarded() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() int { // want `goroutine joined by WaitGroup wg runs outside a scope`
		defer wg.Done()
		return 1
	}()
	wg.Wait()
}

// fanOutTwice counts goroutines that the counted goroutines start with the
// same group: the inner go statements would stay, so the group cannot be
// removed and no rewrite onto async.Run is offered.
func fanOutTwice(work func(int)) {
	var wg sync.WaitGroup
	ready := make(chan struct{})
	wg.Add(4)
	for range 4 {
		go func() { // want `goroutine joined by WaitGroup wg runs outside a scope`
			defer wg.Done()
			<-ready
			wg.Add(2)
			for j := range 2 {
				go func(n int) { // want `goroutine joined by WaitGroup wg runs outside a scope`
					defer wg.Done()
					work(n)
				}(j)
			}
		}()
	}
	close(ready)
	wg.Wait()
}
