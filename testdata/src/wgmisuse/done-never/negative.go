package donenever

import "sync"

// Group's WaitGroup is exported, so other packages may call Done.
type Group struct {
	WG sync.WaitGroup
}

func (g *Group) Spawn(f func()) {
	g.WG.Add(1)
	go f()
}

func (g *Group) Wait() { g.WG.Wait() }

// runner passes the group to a helper that may call Done.
func runner(fs []func(*sync.WaitGroup)) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Add(1)
		go f(&wg)
	}
	wg.Wait()
}

type tracker struct {
	inflight sync.WaitGroup
}

// track decrements the field in another method.
func (t *tracker) track() { t.inflight.Add(1) }
func (t *tracker) done()  { t.inflight.Done() }
func (t *tracker) wait()  { t.inflight.Wait() }

// countOnly counts without a Wait, so the missing Done blocks nothing.
func countOnly() {
	var wg sync.WaitGroup
	wg.Add(1)
}

// parkForever blocks its caller until the process exits, as the main
// goroutine of a server may; a directive marks the missing Done as intended.
func parkForever() {
	var wg sync.WaitGroup
	//gostructlint:ignore wgmisuse the Wait is meant to block until the process exits
	wg.Add(1)
	wg.Wait()
}
