package waitincounted

import "sync"

// barrier signals, then waits for the others: every Done runs before any
// Wait needs it.
func barrier(tasks []func()) {
	var wg sync.WaitGroup
	wg.Add(len(tasks))
	for _, task := range tasks {
		go func() {
			task()
			wg.Done()
			wg.Wait()
		}()
	}
	wg.Wait()
}

// closer waits in a goroutine that the group does not count.
func closer(tasks []func()) <-chan struct{} {
	var wg sync.WaitGroup
	done := make(chan struct{})
	for _, task := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			task()
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	return done
}
