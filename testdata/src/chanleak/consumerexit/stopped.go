package consumerexit

import (
	"context"
	"time"
)

// publish sends each failure into a large buffer until ctx is cancelled.
// The receiver cancels ctx as it leaves, and the buffer takes the few
// sends made before the sender checks ctx again.
func publish(ctx context.Context, tick <-chan time.Time, send func(int) error, errs chan<- error) {
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return
		case <-tick:
			if err := send(i); err != nil {
				errs <- err
			}
		}
	}
}

func collectFailures(send func(int) error) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errs := make(chan error, 1000)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	go publish(ctx, tick.C, send, errs)
	n := 0
	for {
		select {
		case <-errs:
			n++
			if n >= 20 {
				cancel()
				return n
			}
		case <-time.After(5 * time.Second):
			return n
		}
	}
}

type client struct{ onMessage func(int) }

// firstEight counts eight messages, and the other package delivers
// exactly eight: the callback's sends stop in step with the loop.
func firstEight(subscribe func(func(int))) int {
	got := make(chan int)
	subscribe(func(m int) { got <- m })
	n := 0
	for range got {
		n++
		if n == 8 {
			break
		}
	}
	return n
}

type reporter interface{ report(int) }

type chanReporter chan<- int

func (r chanReporter) report(n int) { r <- n }

// watch reports through an interface in a loop, while the only receiver
// may stop ranging early.
func watch(steps int) {
	progress := make(chan int)
	done := make(chan struct{})
	go func() {
		for p := range progress { // want `the function literal in watch, the only receiver of unbuffered channel progress, can leave its range loop and return at line 77 while senders go on: their next send blocks forever`
			if p < 0 {
				return
			}
		}
		close(done)
	}()
	var r reporter = chanReporter(progress)
	go func() {
		for i := range steps {
			r.report(i - 1)
		}
	}()
	<-done
}
