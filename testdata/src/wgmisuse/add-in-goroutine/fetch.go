package addingoroutine

import (
	"strings"
	"sync"
)

func fetch(url string) string { return "got " + url }

// fetchAll counts each goroutine from inside it, so wg.Wait can run first.
func fetchAll(urls []string) []string {
	results := make([]string, len(urls))
	var wg sync.WaitGroup
	for i, url := range urls {
		go func() {
			wg.Add(1) // want `wg.Add\(1\) inside the goroutine it counts races with wg.Wait in fetchAll; call wg.Add\(1\) before the go statement`
			defer wg.Done()
			results[i] = fetch(url)
		}()
	}
	wg.Wait()
	return results
}

// fetchTrimmed does some work before the Add, which go vet does not see.
func fetchTrimmed(urls []string) []string {
	results := make([]string, len(urls))
	var wg sync.WaitGroup
	for i, url := range urls {
		go func() {
			url := strings.TrimSpace(url)
			wg.Add(1) // want `wg.Add\(1\) inside the goroutine it counts races with wg.Wait in fetchTrimmed`
			results[i] = fetch(url)
			wg.Done()
		}()
	}
	wg.Wait()
	return results
}

type crawler struct {
	wg    sync.WaitGroup
	mu    sync.Mutex
	pages []string
}

// crawl adds on a field inside the goroutine; Close waits on it.
func (c *crawler) crawl(url string) {
	go func() {
		defer c.wg.Done()
		c.wg.Add(1) // want `c.wg.Add\(1\) inside the goroutine it counts races with c.wg.Wait in Close`
		c.mu.Lock()
		c.pages = append(c.pages, fetch(url))
		c.mu.Unlock()
	}()
}

func (c *crawler) Close() []string {
	c.wg.Wait()
	return c.pages
}
