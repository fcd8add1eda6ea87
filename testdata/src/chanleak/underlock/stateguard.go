package underlock

import "sync"

// pending is a result that a dialing goroutine delivers once, under the
// lock, with a flag set when it did.
type pending struct {
	mu     sync.Mutex
	done   bool
	result chan int
}

func newPending(dial func() int) *pending {
	w := &pending{result: make(chan int, 1)}
	go func() {
		w.deliver(dial())
	}()
	return w
}

func (w *pending) deliver(v int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return
	}
	w.done = true
	w.result <- v
	close(w.result)
}

// cancel receives under the lock only when done is set, so the value is
// already in the buffer and the receive cannot wait for deliver.
func (w *pending) cancel() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		if v, ok := <-w.result; ok {
			return v
		}
		return 0
	}
	w.done = true
	close(w.result)
	return 0
}
