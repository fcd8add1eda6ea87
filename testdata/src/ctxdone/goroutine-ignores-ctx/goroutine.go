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
