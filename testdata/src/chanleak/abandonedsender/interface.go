package abandonedsender

type putter interface{ put() }

type slot struct{ ch chan struct{} }

func (s *slot) put() {
	s.ch <- struct{}{} // want `nothing in this package receives from channel ch \(buffer 1\), but its sends can run without bound: the send after the buffer fills blocks forever`
}

func newSlot(size int) *slot { return &slot{ch: make(chan struct{}, size)} }

// drainAll puts into every putter through the interface, in a loop: with
// nothing receiving, the slot's one place fills and the next put waits.
func drainAll(putters []putter) {
	for _, s := range putters {
		s.put()
	}
}

func useSlots() {
	a := newSlot(1)
	a.put()
	drainAll([]putter{a})
}

type flag struct{ ch chan struct{} }

func (f *flag) raise() { f.ch <- struct{}{} }

type raiser interface{ raise() }

// raiseOnce raises a flag once through an interface: its one place is
// enough.
func raiseOnce() {
	f := &flag{ch: make(chan struct{}, 1)}
	var r raiser = f
	r.raise()
}
