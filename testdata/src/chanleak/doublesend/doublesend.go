// Package doublesend holds goroutines that can send more often than the
// parent receives.
package doublesend

import "errors"

func compute() (int, error) { return 1, nil }

// missingReturn sends the error and then the result as well.
func missingReturn() (int, error) {
	errc := make(chan error)
	go func() { // want `goroutine can send 2 times on channel errc on one path, but missingReturn receives at most 1: the extra send blocks forever`
		if _, err := compute(); err != nil {
			errc <- err
		}
		errc <- nil
	}()
	return 0, <-errc
}

// Near misses below: no finding.

// returnsAfterSend sends once on each path.
func returnsAfterSend() error {
	errc := make(chan error)
	go func() {
		if _, err := compute(); err != nil {
			errc <- err
			return
		}
		errc <- nil
	}()
	return <-errc
}

// receivesTwice takes both values.
func receivesTwice() error {
	errc := make(chan error)
	go func() {
		errc <- errors.New("first")
		errc <- nil
	}()
	err := <-errc
	<-errc
	return err
}

// buffered has room for the second send.
func buffered() error {
	errc := make(chan error, 1)
	go func() {
		if _, err := compute(); err != nil {
			errc <- err
		}
		errc <- nil
	}()
	return <-errc
}

type compactor struct {
	ch chan struct{}
}

// start sends once more before it starts the receiver.
func (c *compactor) start() {
	c.ch <- struct{}{} // want `send number 2 on channel ch blocks forever: its buffer holds 1 and no goroutine that could receive has started since it was made`
	go func() {
		for range c.ch {
		}
	}()
}

func newCompactor() *compactor {
	c := &compactor{ch: make(chan struct{}, 1)}
	c.ch <- struct{}{}
	c.start()
	return c
}

type queue struct {
	ch chan int
}

// newQueue fills the buffer exactly: no finding.
func newQueue() *queue {
	q := &queue{ch: make(chan int, 2)}
	q.ch <- 1
	q.ch <- 2
	go func() {
		for range q.ch {
		}
	}()
	return q
}
