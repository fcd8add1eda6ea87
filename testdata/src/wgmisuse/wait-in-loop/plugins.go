package waitinloop

import "sync"

type plugin struct{ name string }

func (p *plugin) start(started chan<- string) { started <- p.name }

// startAll counts every plugin before the loop and waits inside it, so the
// first Wait waits for plugins that are not started yet.
func startAll(plugins []*plugin) []string {
	started := make(chan string, len(plugins))
	var group sync.WaitGroup
	group.Add(len(plugins))
	for _, p := range plugins {
		go func() {
			defer group.Done()
			p.start(started)
		}()
		group.Wait() // want `group.Wait\(\) inside the loop that starts the goroutines counted by group.Add\(len\(plugins\)\) blocks forever`
	}
	close(started)
	var names []string
	for name := range started {
		names = append(names, name)
	}
	return names
}
