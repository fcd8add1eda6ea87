package consumerexit

// Receive loops whose way out the senders' protocol makes safe.

// pingPong sends and receives on its own two channels in one goroutine:
// no other goroutine waits on them.
func pingPong(run func(func()), next func() bool) {
	run(func() {
		a := make(chan int, 1)
		b := make(chan int, 1)
		a <- 0
		for next() {
			select {
			case <-a:
				b <- 0
			case <-b:
				a <- 0
			}
		}
	})
}

// neverReady takes a counted number of values; its second case waits on
// a channel that nothing sends on, so it never leaves the loop early.
func neverReady(wait func()) {
	c := make(chan bool, 1)
	c2 := make(chan bool, 1)
	go func() {
		for i := 0; i < 3; i++ {
			wait()
			c <- true
		}
	}()
	for i := 0; i < 3; i++ {
		select {
		case <-c:
		case <-c2:
		}
	}
}

// retry makes a new result channel in each round, so each goroutine's one
// send fits the buffer of its own channel.
func retry(start func() error, listening chan string) string {
	for {
		errc := make(chan error, 1)
		go func() { errc <- start() }()
		select {
		case <-errc:
			continue
		case addr := <-listening:
			return addr
		}
	}
}

type frame struct {
	data    int
	release func()
}

type conn struct {
	frames chan frame
	done   chan struct{}
}

// readFrames hands each frame out with a callback that the consumer calls
// when it is done with the frame, and waits for it before it reads the
// next one. The callback sends on gate; the consumer calls it only while
// it still serves, and it closes done when it stops.
func (sc *conn) readFrames(read func() int) {
	gate := make(chan struct{})
	release := func() { gate <- struct{}{} }
	for {
		select {
		case sc.frames <- frame{read(), release}:
		case <-sc.done:
			return
		}
		select {
		case <-gate:
		case <-sc.done:
			return
		}
	}
}

func (sc *conn) serve(read func() int) int {
	defer close(sc.done)
	go sc.readFrames(read)
	sum := 0
	for range 3 {
		f := <-sc.frames
		sum += f.data
		f.release()
	}
	return sum
}

func serveConn(read func() int) int {
	sc := &conn{frames: make(chan frame), done: make(chan struct{})}
	return sc.serve(read)
}

type worker struct{ results chan int }

func (w *worker) run(jobs int) {
	for i := range jobs {
		w.results <- i
	}
}

// coordinate leaves its loop only after every worker has sent on errc
// that it finished, which a worker does after its last result.
func coordinate(n int) int {
	w := &worker{results: make(chan int)}
	errc := make(chan error)
	for range n {
		go func() {
			w.run(3)
			errc <- nil
		}()
	}
	sum, active := 0, n
	for {
		select {
		case err := <-errc:
			active--
			if err != nil {
				sum = -1
			}
			if active == 0 {
				return sum
			}
		case r := <-w.results:
			sum += r
		}
	}
}

// waiters runs one range loop per goroutine; a waiter that leaves after
// one question leaves the others to answer the next ones.
func waiters(n int) {
	question := make(chan int)
	answer := make(chan int)
	defer close(question)
	waiter := func(once bool) {
		for q := range question {
			answer <- q
			if once {
				break
			}
		}
	}
	for i := range n {
		go waiter(i%5 == 4)
		question <- i
		<-answer
	}
}
