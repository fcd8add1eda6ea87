// Package abandonedsender holds goroutines that send on a channel that the
// parent may stop receiving from.
package abandonedsender

import (
	"context"
	"errors"
	"time"
)

func slow() int { return 42 }

// fetch gives up after d, and the goroutine's send then waits forever.
func fetch(d time.Duration) (int, error) {
	ch := make(chan int)
	go func() { // want `goroutine sends on unbuffered channel ch, but fetch can return at line 21 \(case <-time.After\(d\)\) without receiving: the sender blocks forever`
		ch <- slow()
	}()
	select {
	case <-time.After(d):
		return 0, errors.New("timed out")
	case v := <-ch:
		return v, nil
	}
}

// fetchCtx gives up when ctx ends.
func fetchCtx(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() { // want `goroutine sends on unbuffered channel ch, but fetchCtx can return at line 35 \(case <-ctx.Done\(\)\)`
		ch <- slow()
	}()
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case v := <-ch:
		return v, nil
	}
}

// earlyReturn returns on a bad argument after starting the goroutine.
func earlyReturn(n int) (int, error) {
	ch := make(chan int)
	go func() { // want `goroutine sends on unbuffered channel ch, but earlyReturn can return at line 48 without receiving`
		ch <- slow()
	}()
	if n < 0 {
		return 0, errors.New("negative")
	}
	return <-ch + n, nil
}

// start is a helper that starts the goroutine and returns its channel.
func start() <-chan int { // want start:"returns a channel that a goroutine it starts sends on once, buffer 0"
	ch := make(chan int)
	go func() {
		ch <- slow()
	}()
	return ch
}

// useHelper abandons the helper's goroutine on timeout.
func useHelper(d time.Duration) int {
	results := start() // want `the goroutine that start starts sends on unbuffered channel ch, but useHelper can return at line 69 \(case <-time.After\(d\)\)`
	select {
	case v := <-results:
		return v
	case <-time.After(d):
		return -1
	}
}

// Near misses below: no finding.

// buffered has room for the one send.
func buffered(d time.Duration) int {
	ch := make(chan int, 1)
	go func() {
		ch <- slow()
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		return -1
	}
}

// receivesOnEveryPath waits for the result on both paths.
func receivesOnEveryPath(n int) int {
	ch := make(chan int)
	go func() {
		ch <- slow()
	}()
	if n < 0 {
		return -<-ch
	}
	return <-ch
}

// deferredReceive drains the channel when it returns.
func deferredReceive(n int) int {
	ch := make(chan int)
	go func() {
		ch <- slow()
	}()
	defer func() { <-ch }()
	if n < 0 {
		return 0
	}
	return n
}

// watchesDone gives the sender a way out.
func watchesDone(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		select {
		case ch <- slow():
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return -1
	}
}

// closes signals by closing instead of sending.
func closes(d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		slow()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

var sink chan int

// escapes stores the channel in a global: someone else may receive.
func escapes(d time.Duration) int {
	ch := make(chan int)
	sink = ch
	go func() {
		ch <- slow()
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		return -1
	}
}

// passedOn hands the channel to a function of another package.
func passedOn(d time.Duration, f func(chan int)) int {
	ch := make(chan int)
	f(ch)
	go func() {
		ch <- slow()
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		return -1
	}
}

// signalsOtherwise sends errc only when it does not close done, so the
// case on done does not abandon a sender.
func signalsOtherwise(d time.Duration) error {
	done := make(chan struct{})
	errc := make(chan error)
	go func() {
		if slow() < 0 {
			errc <- errors.New("negative")
			return
		}
		close(done)
	}()
	select {
	case <-done:
		return nil
	case err := <-errc:
		return err
	}
}

type rows struct {
	data chan int
}

func (r *rows) push(v int) { r.data <- v } // want `nothing in this package receives from channel data \(buffer 4\), but its sends can run 5 times: the send after the buffer fills blocks forever`

// fillRows pushes one row more than the buffer holds, and nothing in the
// package receives rows.
func fillRows() {
	r := &rows{data: make(chan int, 4)}
	for i := 0; i < 4; i++ {
		r.push(i)
	}
	r.push(4)
}

type batch struct {
	data chan int
}

func (b *batch) push(v int) { b.data <- v }

// fillBatch fits the buffer exactly: no finding.
func fillBatch() {
	b := &batch{data: make(chan int, 4)}
	for i := 0; i < 4; i++ {
		b.push(i)
	}
}
