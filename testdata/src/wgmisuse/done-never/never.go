package donenever

import "sync"

// notifyAll counts the goroutines, but they never call Done.
func notifyAll(listeners []chan<- string, msg string) {
	var wg sync.WaitGroup
	for _, l := range listeners {
		wg.Add(1) // want `wg.Add\(1\) is never matched by wg.Done\(\): nothing calls Done on wg, so wg.Wait\(\) in notifyAll never returns`
		go func() {
			l <- msg
		}()
	}
	wg.Wait()
}

type pool struct {
	running sync.WaitGroup
}

// spawn counts on a field that no method ever decrements.
func (p *pool) spawn(f func()) {
	p.running.Add(1) // want `p.running.Add\(1\) is never matched by p.running.Done\(\)`
	go f()
}

func (p *pool) wait() { p.running.Wait() }
