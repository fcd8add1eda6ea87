package addingoroutine

import "sync"

// fetchCounted adds before the go statement.
func fetchCounted(urls []string) []string {
	results := make([]string, len(urls))
	var wg sync.WaitGroup
	for i, url := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = fetch(url)
		}()
	}
	wg.Wait()
	return results
}

// fetchNested adds inside a counted goroutine for the goroutine it starts
// next, before its own Done: Wait cannot return in between.
func fetchNested(urls []string) []string {
	results := make([]string, len(urls))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i, url := range urls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = fetch(url)
			}()
		}
	}()
	wg.Wait()
	return results
}

// fetchUnwaited adds inside the goroutine, but nothing waits on the group.
func fetchUnwaited(urls []string) {
	var wg sync.WaitGroup
	for _, url := range urls {
		go func() {
			url := url + "/"
			wg.Add(1)
			defer wg.Done()
			fetch(url)
		}()
	}
}

type server struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// handle counts itself under the lock that Close takes before Wait, and
// returns when the server is closed, so the Add cannot follow the Wait.
func (s *server) handle(conn string) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()
	fetch(conn)
}

func (s *server) serve(conns []string) {
	for _, conn := range conns {
		go s.handle(conn)
	}
}

func (s *server) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.wg.Wait()
}

// fetchStarted adds inside the goroutine, but the parent waits until the
// goroutine closes started, which happens after the Add, before it calls
// Wait.
func fetchStarted(url string) string {
	var out string
	var wg sync.WaitGroup
	started := make(chan struct{})
	go func() {
		url := url + "/"
		wg.Add(1)
		close(started)
		defer wg.Done()
		out = fetch(url)
	}()
	<-started
	wg.Wait()
	return out
}
