package orphanedreceiver

import (
	"context"
	"sync"
)

// Receivers whose senders cannot let them down, and one that can.

// sendOrNobody sends on c or on c2; nothing receives from c2, so the send
// on c is the case that runs.
func sendOrNobody(wait func()) {
	c := make(chan bool)
	c2 := make(chan bool)
	go func() {
		wait()
		<-c
	}()
	select {
	case c <- true:
	case c2 <- true:
	}
}

// numbers gives up its sends when ctx is done, but the only receiver
// made that context and cancels it only when it returns.
func numbers(ctx context.Context) <-chan int {
	out := make(chan int)
	n := 0
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case out <- n:
				n++
			}
		}
	}()
	return out
}

func firstFive() int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sum := 0
	for n := range numbers(ctx) {
		sum += n
		if n == 5 {
			break
		}
	}
	return sum
}

// counted receives as many values as the parent sends, in a loop counted
// on both sides; nothing needs to close the channel.
func counted(n int) []int {
	c := make(chan int)
	l := make([]int, n)
	var m sync.Mutex
	m.Lock()
	go func() {
		for i := 0; i < n; i++ {
			l[i] = <-c
		}
		m.Unlock()
	}()
	for i := 0; i < n; i++ {
		c <- i
	}
	m.Lock()
	return l
}

// prefilled puts all the work in the buffer, with a false for each
// worker to stop on, before the workers start.
func prefilled(n, workers int) {
	work := make(chan bool, n+workers)
	for range n {
		work <- true
	}
	for range workers {
		work <- false
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for <-work {
			}
		}()
	}
	wg.Wait()
}

// endless receives in a loop with no way out: after the parent's last
// send it waits forever.
func endless(items []int) {
	c := make(chan int)
	go func() { // want `goroutine receives from channel c in a loop with no way out, and endless can return at line 110 without closing it: after the last send the goroutine blocks forever`
		for {
			handle(<-c)
		}
	}()
	for _, it := range items {
		c <- it
	}
}

func handle(int) {}
