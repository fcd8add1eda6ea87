// Package consumerexit holds receive loops that stop while a producer
// goroutine keeps sending.
package consumerexit

import "context"

// firstNegative stops at the first negative number; the producer stays
// blocked on its next send.
func firstNegative(xs []int) int {
	ch := make(chan int)
	go func() { // want `goroutine keeps sending on channel ch, but firstNegative can leave its receive loop and return at line 19 without draining it: the sender blocks forever`
		for _, x := range xs {
			ch <- x
		}
		close(ch)
	}()
	for v := range ch {
		if v < 0 {
			return v
		}
	}
	return 0
}

type agent struct {
	status chan int
	stop   chan struct{}
}

func newAgent() *agent {
	return &agent{status: make(chan int), stop: make(chan struct{})}
}

// run leaves its loop when stop is closed; a later report blocks.
func (a *agent) run() {
	for {
		select {
		case s := <-a.status:
			_ = s
		case <-a.stop:
			return
		}
	}
}

func (a *agent) report(s int) {
	a.status <- s // want `goroutine sends on unbuffered channel status, but the loop that receives from it in run returns at line 41 \(case <-a.stop\): a send after that blocks forever`
}

func startAgent() *agent {
	a := newAgent()
	go a.run()
	go a.report(1)
	return a
}

// Near misses below: no finding.

// drains keeps receiving after it has its answer.
func drains(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x
		}
		close(ch)
	}()
	found := 0
	for v := range ch {
		if v < 0 {
			found = v
			break
		}
	}
	for range ch {
	}
	return found
}

// withStop lets the producer leave when the consumer does.
func withStop(xs []int) int {
	ch := make(chan int)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for _, x := range xs {
			select {
			case ch <- x:
			case <-stop:
				return
			}
		}
		close(ch)
	}()
	for v := range ch {
		if v < 0 {
			return v
		}
	}
	return 0
}

type progress int

type output interface{ write(progress) }

type chanOutput chan<- progress

func (o chanOutput) write(p progress) { o <- p }

// transfer reports progress through an interface while the only
// receiver may leave early.
func transfer(n int) {
	progressc := make(chan progress)
	done := make(chan struct{})
	go func() {
		for p := range progressc { // want `transfer, the only receiver of unbuffered channel progressc, can leave its range loop and return at line 119 while senders go on: their next send blocks forever`
			if p < 0 {
				return
			}
		}
		close(done)
	}()
	var out output = chanOutput(progressc)
	for i := range n {
		go out.write(progress(i))
	}
	<-done
}

type strategy struct {
	reset chan struct{}
	queue chan int
}

func newStrategy() *strategy {
	return &strategy{reset: make(chan struct{}, 1), queue: make(chan int, 4)}
}

// loop leaves on cancellation; later resets fill the buffer and block.
func (s *strategy) loop(ctx context.Context) {
	for {
		select {
		case <-s.reset:
		case <-s.queue:
		case <-ctx.Done():
			return
		}
	}
}

// NOTE: chanleak misses this real leak. reset is a buffered channel in a
// field, and the consumer-exit rule stays silent on those, because the
// object's own protocol usually keeps the buffer from filling. Every such
// report on net/http and etcd was false.
func (s *strategy) onChange() {
	s.reset <- struct{}{}
}

// fill sends exactly as many values as the buffer holds: no finding.
func (s *strategy) fill() {
	for i := 0; i < 4; i++ {
		s.queue <- i
	}
}

func runStrategy(ctx context.Context, events []int) {
	s := newStrategy()
	go s.loop(ctx)
	go func() {
		s.fill()
		for range events {
			s.onChange()
		}
	}()
}
