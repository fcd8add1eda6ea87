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

// timerOverStopCtx waits at most d for work that watches stopCtx. The
// rewrite hands the work the context that async.Timeout derives from
// stopCtx, so the work ends at d.
func timerOverStopCtx(d time.Duration, gate <-chan struct{}) int {
	stopCtx, stop := context.WithCancel(context.Background())
	defer stop()
	results := make(chan int)
	go func() { // want `goroutine sends on unbuffered channel results, but timerOverStopCtx can return`
		results <- compute(stopCtx, gate)
	}()
	select {
	case v := <-results:
		return v
	case <-time.After(d):
		return 0
	}
}

// signalled waits for the work's signal, which carries no value, or for
// ctx to end.
func signalled(ctx context.Context, gate <-chan struct{}) bool {
	done := make(chan struct{})
	go func() { // want `goroutine sends on unbuffered channel done, but signalled can return`
		compute(ctx, gate)
		done <- struct{}{}
	}()
	select {
	case <-done:
		return true
	case <-ctx.Done():
		return false
	}
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

// underOtherCtx runs the work under ctx but gives up when parent ends.
// Joining the work when parent ends would wait until ctx ends too, which
// only the deferred cancel does, so there is no async rewrite.
func underOtherCtx(parent context.Context, gate <-chan struct{}) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	results := make(chan int)
	go func() { // want `goroutine sends on unbuffered channel results, but underOtherCtx can return`
		results <- compute(ctx, gate)
	}()
	select {
	case v := <-results:
		return v
	case <-parent.Done():
		return 0
	}
}
