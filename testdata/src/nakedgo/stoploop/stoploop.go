// Package stoploop holds goroutines that loop until a stop signal and that
// nothing waits for.
package stoploop

import (
	"context"
	"time"
)

// Ticker counts ticks until its context ends.
type Ticker struct {
	ticks int
	quit  chan struct{}
}

// Start starts the counting loop.
func (t *Ticker) Start(ctx context.Context) {
	go func() { // want `goroutine started in Start loops until ctx.Done\(\) is closed, but nothing waits for it to stop; start it with s.Go inside async.Run so it ends before its owner`
		tk := time.NewTicker(time.Second)
		defer tk.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tk.C:
				t.ticks++
			}
		}
	}()
}

// StartQuit stops on a quit channel instead, in a declared method.
func (t *Ticker) StartQuit() {
	go t.loop() // want `goroutine started in StartQuit loops until it receives from t.quit, but nothing waits for it to stop`
}

func (t *Ticker) loop() {
	for {
		select {
		case <-t.quit:
			return
		default:
			t.ticks++
		}
	}
}

// drain consumes jobs until the channel is closed.
func drain(jobs chan int, handle func(int)) {
	go func() { // want `goroutine started in drain loops until channel jobs is closed, but nothing waits for it to stop`
		for j := range jobs {
			handle(j)
		}
	}()
}

// poll checks ctx.Err() on each round.
func poll(ctx context.Context, check func() bool) {
	go func() { // want `goroutine started in poll loops until ctx.Err\(\) is not nil`
		for ctx.Err() == nil {
			if check() {
				return
			}
		}
	}()
}

// spin loops forever on a ticker: no stop signal, so it is unjoined.
func spin(f func()) {
	go func() { // want `goroutine started in spin is never joined`
		for range time.Tick(time.Second) {
			f()
		}
	}()
}
