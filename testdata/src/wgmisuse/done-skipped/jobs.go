package doneskipped

import (
	"errors"
	"log"
	"sync"
)

var errEmpty = errors.New("empty job")

func process(job string) (string, error) {
	if job == "" {
		return "", errEmpty
	}
	return "done " + job, nil
}

// processAll calls Done at the end of the goroutine, but the error branch
// returns first.
func processAll(jobs []string) []string {
	results := make([]string, len(jobs))
	var wg sync.WaitGroup
	for i, job := range jobs {
		wg.Add(1)
		go func() {
			out, err := process(job)
			if err != nil {
				return // want `this return skips wg.Done\(\) in the goroutine counted by wg.Add\(1\) in processAll, so wg.Wait never returns; defer wg.Done\(\) at the top of the goroutine`
			}
			results[i] = out
			wg.Done()
		}()
	}
	wg.Wait()
	return results
}

// processFirst breaks out of a loop in the goroutine past Done.
func processFirst(batches [][]string) []string {
	results := make([]string, len(batches))
	var wg sync.WaitGroup
	for i, batch := range batches {
		wg.Add(1)
		go func() {
			for _, job := range batch {
				out, err := process(job)
				if err != nil {
					return // want `this return skips wg.Done\(\)`
				}
				results[i] += out
			}
			wg.Done()
		}()
	}
	wg.Wait()
	return results
}

type server struct {
	wg sync.WaitGroup
}

// serve counts a worker declared as a method; its early return skips Done.
func (s *server) serve(jobs []string) {
	for _, job := range jobs {
		s.wg.Add(1)
		go s.work(job)
	}
}

func (s *server) work(job string) {
	if job == "" {
		return // want `this return skips s.wg.Done\(\) in the goroutine counted by s.wg.Add\(1\) in serve`
	}
	process(job)
	s.wg.Done()
}

func (s *server) close() { s.wg.Wait() }

// processLogged reaches Done on every path but the fatal one.
func processLogged(jobs []string) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			if _, err := process(job); err != nil {
				log.Fatal(err)
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// processCounted counts through a variable that only the Add uses: the
// async rewrite would leave it unused, so the first fix is the minimal one.
func processCounted(jobs []string) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		count := 1
		wg.Add(count)
		go func() {
			if job == "" {
				return // want `this return skips wg.Done\(\)`
			}
			process(job)
			wg.Done()
		}()
	}
	wg.Wait()
}

// processThenAck calls Done before it waits for the parent's
// acknowledgement, so neither fix may move the Done to the end.
func processThenAck(jobs []string, ack <-chan struct{}) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			if job == "" {
				return // want `this return skips wg.Done\(\)`
			}
			process(job)
			wg.Done()
			<-ack
		}()
	}
	wg.Wait()
}
