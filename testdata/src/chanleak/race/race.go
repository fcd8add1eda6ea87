// Package race holds separate go statements that send on one channel
// while the function that starts them receives fewer times than there
// are senders: the first result wins and the others block forever.
package race

import (
	"context"
	"errors"
	"sync"
)

func probe(addr string) error {
	if addr == "" {
		return errors.New("empty address")
	}
	return nil
}

// firstReply takes the result of whichever replica replies first.
func firstReply(primary, backup string) error {
	replies := make(chan error)
	go func() {
		replies <- probe(primary)
	}()
	go func() { // want `2 goroutines send on unbuffered channel replies, but firstReply receives from it once: the goroutine that loses the race blocks forever`
		replies <- probe(backup)
	}()
	return <-replies
}

// report sends the result of one probe.
func report(addr string, out chan<- error) {
	out <- probe(addr)
}

// firstOfThree starts three named senders with room for one of them.
func firstOfThree(a, b, c string) error {
	out := make(chan error, 1)
	go report(a, out)
	go report(b, out) // want `3 goroutines send on channel out \(buffer 1\), but firstOfThree receives from it once: the goroutine that loses the race blocks forever`
	go report(c, out)
	return <-out
}

// bothOrFirstError stops at the first error.
func bothOrFirstError(a, b string) error {
	errc := make(chan error)
	go func() { errc <- probe(a) }()
	go func() { errc <- probe(b) }() // want `2 goroutines send on unbuffered channel errc, but bothOrFirstError can return at line 51 after receiving from it once: the goroutine that loses the race blocks forever`
	if err := <-errc; err != nil {
		return err
	}
	return <-errc
}

// untilCancelled gives up on both senders when ctx ends.
func untilCancelled(ctx context.Context, a, b string) error {
	done := make(chan error)
	go func() { done <- probe(a) }()
	go func() { done <- probe(b) }() // want `2 goroutines send on unbuffered channel done, but untilCancelled can return at line 65 without receiving: every sender blocks forever`
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func lookup(ctx context.Context, name string) string {
	if ctx.Err() != nil {
		return ""
	}
	return name + ".example"
}

// fastest keeps the first of two lookups under the caller's context.
func fastest(ctx context.Context, a, b string) int {
	answers := make(chan string)
	go func() {
		answers <- lookup(ctx, a)
	}()
	go func() { // want `2 goroutines send on unbuffered channel answers, but fastest receives from it once: the goroutine that loses the race blocks forever`
		answers <- lookup(ctx, b)
	}()
	v := <-answers
	return len(v)
}

// waitForOne returns when either callback is done.
func waitForOne(first, second func()) {
	done := make(chan struct{})
	go func() {
		first()
		done <- struct{}{}
	}()
	go func() { // want `2 goroutines send on unbuffered channel done, but waitForOne receives from it once: the goroutine that loses the race blocks forever`
		second()
		done <- struct{}{}
	}()
	<-done
}

// namedFirst names its result first, so the rewrite picks another name.
func namedFirst(a, b string) (first error) {
	replies := make(chan error)
	go func() {
		replies <- probe(a)
	}()
	go func() { // want `2 goroutines send on unbuffered channel replies, but namedFirst receives from it once: the goroutine that loses the race blocks forever`
		replies <- probe(b)
	}()
	return <-replies
}

type traceKey struct{}

// ownContext declares its own ctx in a goroutine, which would clash with
// the parameter of Race's function: only the buffer repair is offered.
func ownContext(ctx context.Context, a, b string) string {
	answers := make(chan string)
	go func() {
		ctx := context.WithValue(ctx, traceKey{}, a)
		answers <- lookup(ctx, a)
	}()
	go func() { // want `2 goroutines send on unbuffered channel answers, but ownContext receives from it once: the goroutine that loses the race blocks forever`
		answers <- lookup(ctx, b)
	}()
	return <-answers
}

// progressAndResult sends a progress mark and then its result, while the
// other goroutine sends one result: three sends for one receive.
func progressAndResult(a, b string) error {
	events := make(chan error)
	go func() {
		events <- nil
		events <- probe(a)
	}()
	go func() { // want `2 goroutines send 3 times in all on unbuffered channel events, but progressAndResult receives from it once: 2 sends block forever`
		events <- probe(b)
	}()
	return <-events
}

// Near misses below: no finding.

// bufferedForBoth has a place for every sender.
func bufferedForBoth(a, b string) error {
	done := make(chan error, 2)
	go func() { done <- probe(a) }()
	go func() { done <- probe(b) }()
	return <-done
}

// receivesBoth receives once per sender on every path.
func receivesBoth(a, b string) error {
	done := make(chan error)
	go func() { done <- probe(a) }()
	go func() { done <- probe(b) }()
	err1 := <-done
	err2 := <-done
	return errors.Join(err1, err2)
}

// receiveLoop receives once per sender in a counted loop.
func receiveLoop(a, b string) error {
	done := make(chan error)
	go func() { done <- probe(a) }()
	go func() { done <- probe(b) }()
	var errs []error
	for range 2 {
		errs = append(errs, <-done)
	}
	return errors.Join(errs...)
}

// cancellableSends gives each sender a way out.
func cancellableSends(ctx context.Context, a, b string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error)
	send := func(err error) {
		select {
		case done <- err:
		case <-ctx.Done():
		}
	}
	go func() { send(probe(a)) }()
	go func() { send(probe(b)) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// closedOnce closes the channel instead of sending on it.
func closedOnce(a, b string) {
	done := make(chan struct{})
	var once sync.Once
	go func() {
		probe(a)
		once.Do(func() { close(done) })
	}()
	go func() {
		probe(b)
		once.Do(func() { close(done) })
	}()
	<-done
}

// Results lets callers collect the results.
type Results struct {
	C chan error
}

// escapes hands the channel to the caller, who may receive the rest.
func escapes(a, b string) *Results {
	r := &Results{C: make(chan error)}
	go func() { r.C <- probe(a) }()
	go func() { r.C <- probe(b) }()
	<-r.C
	return r
}

// oneBranch starts one sender or the other, never both.
func oneBranch(fast bool, a, b string) error {
	done := make(chan error)
	if fast {
		go func() { done <- probe(a) }()
	} else {
		go func() { done <- probe(b) }()
	}
	return <-done
}

// skippable sends only when asked to. NOTE: a known miss when skip is
// false: then two sends meet one receive, but the analyzer counts only the
// sends that every path makes, and here that is one.
func skippable(skip bool, a, b string) error {
	done := make(chan error)
	go func() {
		if skip {
			return
		}
		done <- probe(a)
	}()
	go func() { done <- probe(b) }()
	return <-done
}
