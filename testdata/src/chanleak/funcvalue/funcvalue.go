// Package funcvalue holds channels that reach their operations through
// calls of function values: callbacks passed to functions of the package,
// closures returned by them, and variables the callbacks assign.
package funcvalue

// pollUntil calls watch with stop and waits until the channel that watch
// returns is closed.
func pollUntil(watch func(stop <-chan struct{}) <-chan struct{}, stop <-chan struct{}) {
	for range watch(stop) {
	}
}

// ticker returns a watch function whose channel closes at once.
func ticker() func(stop <-chan struct{}) <-chan struct{} {
	return func(stop <-chan struct{}) <-chan struct{} {
		ch := make(chan struct{})
		go func() {
			defer close(ch)
			select {
			case <-stop:
			default:
			}
		}()
		return ch
	}
}

// watchOnce waits on the stop channel that the callback saw, which only
// its own deferred close would end.
func watchOnce() {
	stop := make(chan struct{})
	defer close(stop)
	watch := ticker()
	var seen <-chan struct{}
	pollUntil(func(s <-chan struct{}) <-chan struct{} {
		seen = s
		return watch(s)
	}, stop)
	<-seen // want `receive from channel stop blocks forever: nothing sends on it, and its only close is deferred until watchOnce returns, which first waits here`
}

// Near misses below: no finding.

// run calls f.
func run(f func()) {
	f()
}

// receiveInCallback receives through a callback that run calls.
func receiveInCallback() int {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
	var got int
	run(func() {
		got = <-ch
	})
	return got
}

// callbacks keeps a callback where the analyzer does not follow it.
var callbacks []func()

// storedCallback hands the receiving callback to code the analyzer does
// not see.
func storedCallback() {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
	callbacks = append(callbacks, func() {
		<-ch
	})
}

// eachStop calls f with stop.
func eachStop(stop chan struct{}, f func(chan struct{})) {
	f(stop)
}

// waitTwice makes the same mistake as watchOnce twice, with two channels.
//
// NOTE: silent. The parameters of eachStop and of the callbacks receive
// both channels, and the analyzer does not tell the calls apart.
func waitTwice() {
	first := make(chan struct{})
	defer close(first)
	second := make(chan struct{})
	defer close(second)
	var seen chan struct{}
	eachStop(first, func(s chan struct{}) { seen = s })
	eachStop(second, func(s chan struct{}) { seen = s })
	<-seen
}
