// Package orphanedreceiver holds goroutines that wait on a channel that
// the parent may never send on or close.
package orphanedreceiver

import "errors"

func work() error { return nil }

// stopOnSuccess forgets to signal the watcher on the error path.
func stopOnSuccess() error {
	stop := make(chan struct{})
	go func() { // want `goroutine waits to receive from channel stop, but stopOnSuccess can return at line 16 without sending on it or closing it: the receiver blocks forever`
		<-stop
	}()
	if err := work(); err != nil {
		return err
	}
	close(stop)
	return nil
}

// neverSent waits on a channel that nothing in the package sends on.
func neverSent() {
	ready := make(chan bool)
	<-ready // want `receive from channel ready blocks forever: nothing in this package sends on it or closes it`
}

type keepalive struct {
	wake chan struct{}
}

func newKeepalive() *keepalive { return &keepalive{wake: make(chan struct{})} }

// wait misses a wake-up that notify sends before wait runs.
func (k *keepalive) wait() {
	<-k.wake // want `receive from unbuffered channel wake can block forever: every send on it is in a select with a default`
}

func (k *keepalive) notify() {
	select {
	case k.wake <- struct{}{}:
	default:
	}
}

// Near misses below: no finding.

// deferredClose closes on every path.
func deferredClose() error {
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		<-stop
	}()
	if err := work(); err != nil {
		return err
	}
	return nil
}

// signalsOnBothPaths sends on every path.
func signalsOnBothPaths() error {
	stop := make(chan struct{})
	go func() {
		<-stop
	}()
	if err := work(); err != nil {
		close(stop)
		return errors.Join(err)
	}
	stop <- struct{}{}
	return nil
}

type bufferedKeepalive struct {
	wake chan struct{}
}

func newBufferedKeepalive() *bufferedKeepalive {
	return &bufferedKeepalive{wake: make(chan struct{}, 1)}
}

// wait keeps the wake-up in the buffer.
func (k *bufferedKeepalive) wait() { <-k.wake }

func (k *bufferedKeepalive) notify() {
	select {
	case k.wake <- struct{}{}:
	default:
	}
}

// Exported fields may be used by other packages.
type Public struct {
	Ready chan bool
}

func NewPublic() *Public { return &Public{Ready: make(chan bool)} }

func (p *Public) Wait() { <-p.Ready }

type node struct {
	applyc  chan int
	stopped chan struct{}
}

func newNode() *node {
	n := &node{applyc: make(chan int), stopped: make(chan struct{})}
	go n.run()
	return n
}

// run gives up its send only when the node stops, which the receiver
// knows about: no finding.
func (n *node) run() {
	select {
	case n.applyc <- 1:
	case <-n.stopped:
	}
}

func (n *node) next() int { return <-n.applyc }

func (n *node) stop() { close(n.stopped) }

// blockForever blocks on purpose, as a process that waits to be killed
// does: a receive from a channel made for it alone is never a mistake.
func blockForever() {
	<-make(chan struct{})
}
