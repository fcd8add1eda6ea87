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
