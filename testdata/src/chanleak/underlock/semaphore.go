package underlock

import "sync"

// ioLimit is a semaphore: a buffer full of tokens that acquire takes and
// release puts back.
type ioLimit struct {
	tokens chan struct{}
}

func newIOLimit(n int) *ioLimit {
	l := &ioLimit{tokens: make(chan struct{}, n)}
	for range n {
		l.tokens <- struct{}{}
	}
	return l
}

func (l *ioLimit) acquire() { <-l.tokens }
func (l *ioLimit) release() { l.tokens <- struct{}{} }

type store struct {
	mu    sync.Mutex
	limit *ioLimit
	data  []byte
}

// write takes a token while holding mu. Each holder gives its token back
// before it unlocks, so no holder of a token waits for mu.
func (s *store) write(b []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limit.acquire()
	s.data = append(s.data, b...)
	s.limit.release()
}

func (s *store) writeAll(chunks [][]byte) {
	for _, b := range chunks {
		go s.write(b)
	}
}

// switchOver unlocks through a helper before it waits for the result.
func switchOver(work func() error) error {
	var mu sync.Mutex
	mu.Lock()
	unlock := func() { mu.Unlock() }
	done := make(chan error)
	go func() {
		mu.Lock()
		defer mu.Unlock()
		done <- work()
	}()
	unlock()
	return <-done
}

// reset gives a token back only after it takes mu, while write may wait
// for a token holding mu. NOTE: a known miss. When every token is out,
// write and reset wait for each other. The analyzer leaves a receive
// under a lock from a buffered channel alone, because in real code it is
// nearly always a semaphore whose holders do not need the lock.
func (s *store) reset() {
	go func() {
		s.mu.Lock()
		s.data = nil
		s.mu.Unlock()
		s.limit.release()
	}()
}
