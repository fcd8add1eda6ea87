package abandonedsender

// end is one end of an in-memory link: the channel it sends on is the
// channel the other end receives from, stored under another field name.
type end struct {
	out chan<- int
	in  <-chan int
}

func link() (*end, *end) {
	ab := make(chan int)
	ba := make(chan int)
	return &end{out: ab, in: ba}, &end{out: ba, in: ab}
}

// push sends on out; no code receives from the field out, but the other
// end receives the same channel through its field in: silent.
func (e *end) push(v int) { e.out <- v }

func (e *end) pull() int { return <-e.in }
