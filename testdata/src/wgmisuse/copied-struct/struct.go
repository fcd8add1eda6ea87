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

// finish takes the batch by value, so its Done reaches a copy.
func finish(b batch) { // want `b holds a sync.WaitGroup and is passed by value: b.wg.Done\(\) works on the copy`
	b.wg.Done()
}

type job struct {
	group *batch
}

// finishJob copies a job, but the batch, and its group, sit behind a pointer.
func finishJob(j job) {
	j.group.wg.Done()
}
