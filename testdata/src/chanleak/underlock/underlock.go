// Package underlock holds channel operations made while holding a mutex
// that the goroutine on the other end takes first.
package underlock

import "sync"

type manager struct {
	mu      sync.Mutex
	updates chan int
	state   int
}

func newManager() *manager {
	m := &manager{updates: make(chan int)}
	go m.loop()
	return m
}

// loop takes mu between receives.
func (m *manager) loop() {
	for v := range m.updates {
		m.mu.Lock()
		m.state = v
		m.mu.Unlock()
	}
}

// set sends while holding mu: when loop waits for mu, neither moves.
func (m *manager) set(v int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.updates <- v // want `send on channel updates while holding mu can block forever: the goroutine loop that would receive from updates takes mu first, so each waits for the other`
}

type broadcaster struct {
	mu    sync.Mutex
	in    chan int
	donec chan struct{}
}

func newBroadcaster() *broadcaster {
	b := &broadcaster{in: make(chan int, 1), donec: make(chan struct{})}
	go func() {
		defer close(b.donec)
		for v := range b.in {
			b.apply(v)
		}
	}()
	return b
}

func (b *broadcaster) apply(int) {
	b.mu.Lock()
	b.mu.Unlock()
}

// stop waits for the goroutine while holding the mutex that it needs.
func (b *broadcaster) stop() {
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.in)
	<-b.donec // want `receive from channel donec while holding mu can block forever`
}

// Near misses below: no finding.

type unlocked struct {
	mu      sync.Mutex
	updates chan int
	state   int
}

func newUnlocked() *unlocked {
	u := &unlocked{updates: make(chan int)}
	go u.loop()
	return u
}

func (u *unlocked) loop() {
	for v := range u.updates {
		u.mu.Lock()
		u.state = v
		u.mu.Unlock()
	}
}

// set releases the mutex before it sends.
func (u *unlocked) set(v int) {
	u.mu.Lock()
	v += u.state
	u.mu.Unlock()
	u.updates <- v
}

type lockAfter struct {
	mu      sync.Mutex
	updates chan int
	state   int
}

func newLockAfter() *lockAfter {
	l := &lockAfter{updates: make(chan int)}
	go l.once()
	return l
}

// once receives first and only then takes the mutex, once.
func (l *lockAfter) once() {
	v := <-l.updates
	l.mu.Lock()
	l.state = v
	l.mu.Unlock()
}

func (l *lockAfter) set(v int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.updates <- v
}
