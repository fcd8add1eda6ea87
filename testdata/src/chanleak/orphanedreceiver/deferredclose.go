package orphanedreceiver

import "time"

// waitForStop waits for the close that it defers itself.
func waitForStop() {
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		<-stop
		_ = work()
	}()
	<-stop // want `receive from channel stop blocks forever: nothing sends on it, and its only close is deferred until waitForStop returns, which first waits here`
}

// waitInLiteral does the same inside a goroutine.
func waitInLiteral() {
	go func() {
		quit := make(chan struct{})
		defer close(quit)
		go func() {
			<-quit
		}()
		<-quit // want `its only close is deferred until the function literal in waitInLiteral returns`
	}()
}

// Near misses below: no finding.

// waitForWorker waits for the close that the worker defers.
func waitForWorker() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = work()
	}()
	<-done
}

// waitOrTimeout also gives up after d.
func waitOrTimeout(d time.Duration) {
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		<-stop
	}()
	select {
	case <-stop:
	case <-time.After(d):
	}
}

// waitForSignal also receives a send from the worker.
func waitForSignal() {
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		stop <- struct{}{}
	}()
	<-stop
}

// waitInDefer receives only in a deferred call, which runs after the close
// because deferred calls run last in, first out.
func waitInDefer() {
	stop := make(chan struct{}, 1)
	defer func() { <-stop }()
	defer close(stop)
	go func() {
		<-stop
	}()
}

// waitThroughFuncValue hands the channel to a function value before it
// waits.
//
// NOTE: chanleak misses this: the channel reaches seen through a call of
// a function value, which the flow analysis does not follow, so the
// channel counts as escaped.
func waitThroughFuncValue(run func(func(<-chan struct{}), <-chan struct{})) {
	stop := make(chan struct{})
	defer close(stop)
	var seen <-chan struct{}
	run(func(ch <-chan struct{}) { seen = ch }, stop)
	<-seen
}
