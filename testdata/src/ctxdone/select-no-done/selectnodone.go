// Package selectnodone holds selects that wait without a ctx.Done() case,
// and near misses that can end their wait.
package selectnodone

import (
	"context"
	"net/http"
	"time"
)

// Next returns the next value from either stream.
func Next(ctx context.Context, left, right <-chan int) (int, error) {
	select { // want `select in Next waits on left and right but never on ctx.Done\(\): it blocks after ctx is cancelled`
	case v := <-left:
		return v, nil
	case v := <-right:
		return v, nil
	}
}

// First returns the first name from either stream; it has no error result.
func First(ctx context.Context, a, b <-chan string) string {
	select { // want `select in First waits on a and b but never on ctx.Done\(\)`
	case s := <-a:
		return s
	case s := <-b:
		return s
	}
}

type point struct{ x, y int }

// Pair forwards a point and returns the one it receives back.
func Pair(ctx context.Context, out chan<- point, in <-chan point) (point, error) {
	select { // want `select in Pair waits on out and in but never on ctx.Done\(\)`
	case out <- point{1, 2}:
		return point{}, nil
	case p := <-in:
		return p, nil
	}
}

// Pump forwards values from in to out in a goroutine, under a derived
// context.
func Pump(parent context.Context, in <-chan int, out chan<- int) {
	ctx, cancel := context.WithTimeout(parent, time.Minute)
	go func() {
		defer cancel()
		for {
			select { // want `select in a goroutine in Pump waits on in and out but never on ctx.Done\(\)`
			case v := <-in:
				_ = v
			case out <- 1:
			}
		}
	}()
	_ = ctx
}

// Unnamed returns a value of an unnamed struct type, whose zero value the
// fix cannot write, so the finding comes without a fix.
func Unnamed(ctx context.Context, in <-chan int) struct{ n int } {
	select { // want `select in Unnamed waits on in but never on ctx.Done\(\)`
	case v := <-in:
		return struct{ n int }{v}
	}
}

// Stream returns the next event for the request r, which ends with its
// context.
func Stream(r *http.Request, events <-chan string, trace func(context.Context)) string {
	ctx := r.Context()
	trace(ctx)
	select { // want `select in Stream waits on events but never on ctx.Done\(\)`
	case e := <-events:
		return e
	}
}

// The near misses below can end their wait or have no cancellable context.

func withDefault(ctx context.Context, in <-chan int) int {
	select {
	case v := <-in:
		return v
	default:
		return 0
	}
}

func withDone(ctx context.Context, in <-chan int) (int, error) {
	select {
	case v := <-in:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func withDoneVariable(ctx context.Context, in <-chan int) int {
	done := ctx.Done()
	for {
		select {
		case v := <-in:
			return v
		case <-done:
			return 0
		}
	}
}

func withTimer(ctx context.Context, in <-chan int) int {
	select {
	case v := <-in:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

func withStopChannel(ctx context.Context, in <-chan int, stop <-chan struct{}) int {
	select {
	case v := <-in:
		return v
	case <-stop:
		return 0
	}
}

type task struct{ done chan struct{} }

func (t *task) Done() <-chan struct{} { return t.done }

func withOtherDone(ctx context.Context, t *task, in <-chan int) int {
	select {
	case v := <-in:
		return v
	case <-t.Done():
		return 0
	}
}

func fedByWorker(ctx context.Context, work func(context.Context) error, in <-chan int) error {
	errs := make(chan error)
	go func() { errs <- work(ctx) }() // work returns once ctx is cancelled
	select {
	case err := <-errs:
		return err
	case v := <-in:
		_ = v
		return nil
	}
}

func noContext(in <-chan int, out chan<- int) {
	select {
	case v := <-in:
		_ = v
	case out <- 1:
	}
}

func backgroundOnly(in <-chan int) int {
	ctx := context.Background()
	_ = ctx
	select {
	case v := <-in:
		return v
	}
}

func withoutCancel(parent context.Context, in <-chan int) int {
	ctx := context.WithoutCancel(parent)
	go func() {
		select {
		case v := <-in:
			_ = v
		}
		_ = ctx
	}()
	return 0
}

func suppressed(ctx context.Context, in <-chan int) int {
	//gostructlint:ignore ctxdone the sender always sends before ctx ends
	select {
	case v := <-in:
		return v
	}
}
