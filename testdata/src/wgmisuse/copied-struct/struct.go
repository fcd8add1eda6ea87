package copiedstruct

import "sync"

type batch struct {
	wg    sync.WaitGroup
	items []string
}

// Wait has a value receiver, so it waits on a copy of the group.
func (b batch) Wait() { // want `the value receiver b copies the sync.WaitGroup in b.wg: b.wg.Wait\(\) works on the copy, not on the caller's group; use a pointer receiver`
	b.wg.Wait()
}

// run passes the batch, and its group, by value to the goroutine.
func run(b *batch, f func(string)) {
	for _, item := range b.items {
		b.wg.Add(1)
		go func(b batch) {
			defer b.wg.Done()
			f(item)
		}(*b) // want `\*b, which holds a sync.WaitGroup, is passed by value to the goroutine: b.wg.Done\(\) works on the goroutine's copy`
	}
	b.wg.Wait()
}
