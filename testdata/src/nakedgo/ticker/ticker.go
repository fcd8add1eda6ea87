// Package ticker holds goroutines that do something at every tick while
// the function that starts them goes on to its final return.
package ticker

import (
	"context"
	"fmt"
	"io"
	"time"
)

// build reports progress every interval while the build runs.
func build(ctx context.Context, run func(context.Context) error, every time.Duration, log io.Writer) error {
	go func() { // want `goroutine started in build is never joined: nothing waits for it to end`
		t := time.NewTicker(every)
		defer t.Stop()
		for range t.C {
			fmt.Fprintln(log, "still building")
		}
	}()
	return run(ctx)
}

// upload reports progress on a time.Tick channel, without a context in
// scope.
func upload(send func() error, log io.Writer) error {
	go func() { // want `goroutine started in upload is never joined: nothing waits for it to end`
		for range time.Tick(time.Second) {
			fmt.Fprintln(log, "still uploading")
		}
	}()
	return send()
}

// namedResult names its error result err, so the rewrite picks another
// name for Watch's error.
func namedResult(ctx context.Context, run func(context.Context) error, log io.Writer) (err error) {
	go func() { // want `goroutine started in namedResult is never joined: nothing waits for it to end`
		for range time.Tick(time.Second) {
			fmt.Fprintln(log, "tick")
		}
	}()
	return run(ctx)
}

// Near misses below: the goroutine is still reported, but no rewrite onto
// async.Watch is offered.

// stopsItself leaves the loop on its own, which Watch cannot express.
func stopsItself(run func() error, done func() bool) error {
	go func() { // want `goroutine started in stopsItself is never joined: nothing waits for it to end`
		for range time.Tick(time.Millisecond) {
			if done() {
				return
			}
		}
	}()
	return run()
}

// twoResults returns more than an error.
func twoResults(run func() (int, error), log io.Writer) (int, error) {
	go func() { // want `goroutine started in twoResults is never joined: nothing waits for it to end`
		for range time.Tick(time.Second) {
			fmt.Fprintln(log, "tick")
		}
	}()
	return run()
}

// moreWork does more after the go statement than return.
func moreWork(run func() error, log io.Writer) error {
	go func() { // want `goroutine started in moreWork is never joined: nothing waits for it to end`
		for range time.Tick(time.Second) {
			fmt.Fprintln(log, "tick")
		}
	}()
	fmt.Fprintln(log, "started")
	return run()
}

// background returns at once: the ticker was meant to outlive it, and
// Watch would stop it before the first tick.
func background(log io.Writer) error {
	go func() { // want `goroutine started in background is never joined: nothing waits for it to end`
		for range time.Tick(time.Second) {
			fmt.Fprintln(log, "tick")
		}
	}()
	return nil
}

// deferEachTick defers in the loop: those calls would run after every
// tick in Watch's check.
func deferEachTick(run func() error, log io.Writer) error {
	go func() { // want `goroutine started in deferEachTick is never joined: nothing waits for it to end`
		for range time.Tick(time.Second) {
			defer fmt.Fprintln(log, "done")
		}
	}()
	return run()
}

// ownContext declares ctx in the loop, which would clash with the check's
// parameter.
func ownContext(ctx context.Context, run func(context.Context) error, log io.Writer) error {
	go func() { // want `goroutine started in ownContext is never joined: nothing waits for it to end`
		for range time.Tick(time.Second) {
			ctx := context.WithoutCancel(ctx)
			fmt.Fprintln(log, ctx.Err())
		}
	}()
	return run(ctx)
}
