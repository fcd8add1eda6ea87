// Package sleep holds sleeps and polling loops that ignore the context,
// and near misses that check it.
package sleep

import (
	"context"
	"time"
)

// Retry calls try until it succeeds.
func Retry(ctx context.Context, try func() error) error {
	for {
		if err := try(); err == nil {
			return nil
		}
		time.Sleep(time.Second) // want `polling loop in Retry sleeps with time.Sleep and never checks ctx: it goes on after ctx is cancelled`
	}
}

// WaitReady calls ready until it reports true.
func WaitReady(ctx context.Context, ready func() bool) error {
	for {
		if ok := ready(); ok {
			break
		}
		time.Sleep(time.Second) // want `polling loop in WaitReady sleeps with time.Sleep and never checks ctx`
	}
	return nil
}

// Delay waits for d before it returns.
func Delay(ctx context.Context, d time.Duration) {
	time.Sleep(d) // want `time.Sleep in Delay ignores ctx: it sleeps on after ctx is cancelled`
}

// Settle waits for d and reports how long it waited.
func Settle(ctx context.Context, d time.Duration) time.Duration {
	time.Sleep(d) // want `time.Sleep in Settle ignores ctx`
	return d
}

// Watch calls check on every tick until it reports true.
func Watch(ctx context.Context, ticker *time.Ticker, check func() bool) {
	for range ticker.C { // want `polling loop in Watch waits on ticker.C and never checks ctx: it goes on after ctx is cancelled`
		if check() {
			return
		}
	}
}

// Wait calls ready on every tick until it reports true.
func Wait(ctx context.Context, ready func() bool) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for { // want `polling loop in Wait waits on tick.C and never checks ctx`
		<-tick.C
		if ready() {
			return
		}
	}
}

// The near misses below check the context or another stop channel, or
// have no context that a caller passed in.

func checksErr(ctx context.Context, try func() error) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if try() == nil {
			return nil
		}
		time.Sleep(time.Millisecond)
	}
}

func passesContext(ctx context.Context, try func(context.Context) error) {
	for try(ctx) != nil {
		time.Sleep(time.Millisecond)
	}
}

func stopChannel(ctx context.Context, stop <-chan struct{}, work func()) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		work()
		time.Sleep(time.Millisecond)
	}
}

func tickerWithDone(ctx context.Context, ticker *time.Ticker, work func()) {
	for {
		select {
		case <-ticker.C:
			work()
		case <-ctx.Done():
			return
		}
	}
}

func capturedSleep(ctx context.Context) {
	go func() {
		time.Sleep(time.Millisecond) // one sleep in a closure: the closure takes no context
	}()
}

func shortSleep(ctx context.Context) {
	time.Sleep(10 * time.Millisecond) // delays a cancelled caller by 10ms at most
}

func noContext() {
	time.Sleep(time.Millisecond)
}

func boundedLoop(try func() bool) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = ctx
	for i := 0; i < 3 && !try(); i++ {
		time.Sleep(time.Millisecond) // a bounded retry in a function without a context parameter
	}
}

type stream interface{ Send(v int) error }

// sendUntilClosed polls through a stream opened with ctx: its Send fails
// once ctx is cancelled, so the loop ends with the context.
func sendUntilClosed(ctx context.Context, open func(context.Context) (stream, error)) error {
	s, err := open(ctx)
	if err != nil {
		return err
	}
	for {
		if err := s.Send(1); err != nil {
			return err
		}
		time.Sleep(time.Millisecond)
	}
}
