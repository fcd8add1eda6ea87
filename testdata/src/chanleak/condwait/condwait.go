// Package condwait holds waits on a sync.Cond that nothing signals.
package condwait

import "sync"

// plugin waits until it is activated.
type plugin struct {
	mu        sync.Mutex
	activated *sync.Cond
	active    bool
}

func newPlugin() *plugin {
	p := &plugin{}
	p.activated = sync.NewCond(&p.mu)
	return p
}

// waitActive waits for an activation that no code announces.
func (p *plugin) waitActive() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for !p.active {
		p.activated.Wait() // want `Wait on sync.Cond activated blocks forever: nothing in this package calls Signal or Broadcast on activated`
	}
}

// Near misses below: no finding.

// queue wakes its readers on every push.
type queue struct {
	mu    sync.Mutex
	ready *sync.Cond
	items []int
}

func newQueue() *queue {
	q := &queue{}
	q.ready = sync.NewCond(&q.mu)
	return q
}

func (q *queue) push(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.ready.Signal()
}

func (q *queue) pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.ready.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

// closer broadcasts in a deferred call.
type closer struct {
	mu     sync.Mutex
	done   *sync.Cond
	closed bool
}

func (c *closer) close() {
	c.mu.Lock()
	defer c.done.Broadcast()
	defer c.mu.Unlock()
	c.closed = true
}

func (c *closer) wait() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for !c.closed {
		c.done.Wait()
	}
}

// handed passes its sync.Cond to code that may signal it.
type handed struct {
	mu   sync.Mutex
	cond *sync.Cond
}

func (h *handed) start(wake func(*sync.Cond)) {
	h.cond = sync.NewCond(&h.mu)
	wake(h.cond)
	h.mu.Lock()
	h.cond.Wait()
	h.mu.Unlock()
}

// Waiter exports its sync.Cond, so other packages may signal it.
type Waiter struct {
	Mu   sync.Mutex
	Cond *sync.Cond
}

// Wait waits for a signal from another package.
func (w *Waiter) Wait() {
	w.Mu.Lock()
	w.Cond.Wait()
	w.Mu.Unlock()
}
