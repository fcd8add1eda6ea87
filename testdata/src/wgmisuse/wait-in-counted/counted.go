package waitincounted

import "sync"

// supervise starts a goroutine that waits on the group that counts it.
func supervise(tasks []func()) {
	var wg sync.WaitGroup
	for _, task := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			task()
			wg.Wait() // want `wg.Wait\(\) inside a goroutine that wg counts waits for the goroutine's own wg.Done\(\), which runs only after Wait returns, so it blocks forever`
		}()
	}
	wg.Wait()
}
