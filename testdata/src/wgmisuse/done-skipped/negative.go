package doneskipped

import "sync"

// processDeferred defers Done: every path calls it.
func processDeferred(jobs []string) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := process(job); err != nil {
				return
			}
		}()
	}
	wg.Wait()
}

// processDeferredClosure calls Done in a deferred closure.
func processDeferredClosure(jobs []string) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer func() {
				wg.Done()
			}()
			if _, err := process(job); err != nil {
				return
			}
		}()
	}
	wg.Wait()
}

// processEveryBranch calls Done on both branches.
func processEveryBranch(jobs []string) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			if _, err := process(job); err != nil {
				wg.Done()
				return
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// processPanics ends the error branch in a panic, not a return.
func processPanics(jobs []string) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			if _, err := process(job); err != nil {
				panic(err)
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// worker calls Done once per job that the producer counted; leaving the
// loop when jobs closes is correct.
func worker(jobs <-chan string, wg *sync.WaitGroup) {
	for job := range jobs {
		process(job)
		wg.Done()
	}
}

func produce(jobs []string) {
	var wg sync.WaitGroup
	queue := make(chan string)
	go worker(queue, &wg)
	for _, job := range jobs {
		wg.Add(1)
		queue <- job
	}
	wg.Wait()
	close(queue)
}

// processFinish leaves through a helper that calls Done.
func processFinish(jobs []string) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			finish := func() { wg.Done() }
			if job == "" {
				finish()
				return
			}
			process(job)
			wg.Done()
		}()
	}
	wg.Wait()
}

// receiveAll selects in a loop and calls Done after it. go/cfg ends a
// select without default in a block with no successors, for the case
// that no channel is ready. That block is not a return.
func receiveAll(c, stop chan int, n int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for i := 0; i < n; i++ {
			select {
			case <-c:
			case <-stop:
			}
		}
		wg.Done()
	}()
	wg.Wait()
}

// runAll starts each task through a function value, which the analyzer
// does not follow.
// NOTE: the early return in the task skips Done, but the goroutine body is
// reached only through the func parameter run, so this bug is missed.
func runAll(tasks []string, run func(string, *sync.WaitGroup)) {
	var wg sync.WaitGroup
	for _, task := range tasks {
		wg.Add(1)
		go run(task, &wg)
	}
	wg.Wait()
}

func runTasks(tasks []string) {
	runAll(tasks, func(task string, wg *sync.WaitGroup) {
		if task == "" {
			return
		}
		process(task)
		wg.Done()
	})
}
