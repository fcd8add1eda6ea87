// Package goroutine holds goroutines that never see the context in scope
// and loop without end, and near misses that stop.
package goroutine

import (
	"context"
	"time"
)

// Start drains in forever in the background.
func Start(ctx context.Context, in <-chan int, handle func(int)) {
	go func() { // want `goroutine started in Start loops without end and never sees ctx: it keeps running after ctx is cancelled`
		for {
			handle(<-in)
		}
	}()
}

type cache struct{ entries map[string]int }

func (c *cache) expire() {
	for range time.Tick(time.Minute) {
		clear(c.entries)
	}
}

// Open starts the cache's expiry loop.
func Open(ctx context.Context) *cache {
	c := &cache{entries: make(map[string]int)}
	go c.expire() // want `goroutine started in Open loops without end and never sees ctx`
	return c
}

// Probe runs probe in a goroutine and waits for its result, for stop, or
// for the probe's timeout.
func Probe(stop <-chan bool, probe func() bool) bool {
	results := make(chan bool)
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	go func() { // want `goroutine started in Probe sends on results and never sees ctx: when the select in Probe returns through another case, nothing receives and the goroutine blocks forever`
		results <- probe()
	}()
	select {
	case <-stop:
		return false
	case ok := <-results:
		return ok
	case <-ctx.Done():
		return <-results
	}
}

// The near misses below see the context, or can end.

func watcher(ctx context.Context, cleanup func()) {
	go func() {
		<-ctx.Done()
		cleanup()
	}()
}

func passesContext(ctx context.Context, run func(context.Context)) {
	go run(ctx)
}

func returnsOnClose(ctx context.Context, in <-chan int, handle func(int)) {
	go func() {
		for {
			v, ok := <-in
			if !ok {
				return
			}
			handle(v)
		}
	}()
}

func rangesOverChannel(ctx context.Context, in <-chan int, handle func(int)) {
	go func() {
		for v := range in {
			handle(v)
		}
	}()
}

func stopChannel(ctx context.Context, stop <-chan struct{}, work func()) {
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
				work()
			}
		}
	}()
}

func noContext(in <-chan int, handle func(int)) {
	go func() {
		for {
			handle(<-in)
		}
	}()
}

func probeAlwaysReceives(probe func() bool) bool {
	results := make(chan bool)
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	go func() {
		results <- probe()
	}()
	select {
	case ok := <-results:
		return ok
	case <-ctx.Done():
		return <-results
	}
}

func probeBuffered(stop <-chan bool, probe func() bool) bool {
	results := make(chan bool, 1)
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	go func() {
		results <- probe()
	}()
	select {
	case <-stop:
		return false
	case ok := <-results:
		return ok
	case <-ctx.Done():
		return false
	}
}

func probeEscapes(stop <-chan bool, probe func() bool, drain func(<-chan bool)) bool {
	results := make(chan bool)
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	go func() {
		results <- probe()
	}()
	defer drain(results)
	select {
	case <-stop:
		return false
	case ok := <-results:
		return ok
	case <-ctx.Done():
		return false
	}
}
