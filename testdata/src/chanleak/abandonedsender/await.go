package abandonedsender

import (
	"context"
	"errors"
	"time"
)

var errTimeout = errors.New("timed out")

// compute returns 42 once gate closes, or -1 when ctx ends first.
func compute(ctx context.Context, gate <-chan struct{}) int {
	select {
	case <-gate:
		return 42
	case <-ctx.Done():
		return -1
	}
}

// within waits at most d for the result; the async rewrite hands the
// work a context that ends at d.
func within(ctx context.Context, d time.Duration, gate <-chan struct{}) (int, error) {
	results := make(chan int)
	go func() { // want `goroutine sends on unbuffered channel results, but within can return`
		v := compute(ctx, gate)
		results <- v + 1
	}()
	select {
	case v := <-results:
		return v, nil
	case <-time.After(d):
		return 0, errTimeout
	}
}

// untilDone gives up when ctx ends and records why.
func untilDone(ctx context.Context, gate <-chan struct{}) (n int, err error) {
	results := make(chan int)
	go func() { // want `goroutine sends on unbuffered channel results, but untilDone can return`
		results <- compute(ctx, gate)
	}()
	select {
	case <-ctx.Done():
		err = ctx.Err()
	case v := <-results:
		n = v
	}
	return n, err
}

// Findings below keep only the buffer fix.

// readsLater reads limit, which the parent changes after giving up, so
// the work would see another value if it ran to the end first.
func readsLater(d time.Duration, gate <-chan struct{}) int {
	limit := 10
	results := make(chan int)
	go func() { // want `goroutine sends on unbuffered channel results, but readsLater can return`
		results <- min(compute(context.Background(), gate), limit)
	}()
	select {
	case v := <-results:
		return v
	case <-time.After(d):
		limit = 0
		return limit
	}
}

// sendsOnTwoPaths returns early from the goroutine.
func sendsOnTwoPaths(d time.Duration, n int) int {
	results := make(chan int)
	go func() { // want `goroutine sends on unbuffered channel results, but sendsOnTwoPaths can return`
		if n < 0 {
			results <- -1
			return
		}
		results <- slow()
	}()
	select {
	case v := <-results:
		return v
	case <-time.After(d):
		return 0
	}
}

// alsoChecked uses the channel after the select as well.
func alsoChecked(d time.Duration) (int, int) {
	results := make(chan int)
	go func() { // want `goroutine sends on unbuffered channel results, but alsoChecked can return`
		results <- slow()
	}()
	select {
	case v := <-results:
		return v, len(results)
	case <-time.After(d):
		return 0, cap(results)
	}
}
