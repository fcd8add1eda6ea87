package doublesend

import "errors"

// Sends that do not block, although a path seems to contain several.

func step(i int) error {
	if i > 1 {
		return errors.New("step failed")
	}
	return nil
}

// firstError sends only the first error: a flag guards the send.
func firstError() error {
	errc := make(chan error, 1)
	go func() {
		defer close(errc)
		sent := false
		send := func(err error) {
			if !sent {
				errc <- err
				sent = true
			}
		}
		if err := step(1); err != nil {
			send(err)
		}
		if err := step(2); err != nil {
			send(err)
		}
		if err := step(3); err != nil {
			send(err)
		}
	}()
	return <-errc
}

// sendAfterClose panics on purpose: a send on a closed channel does not
// block.
func sendAfterClose() {
	ch := make(chan struct{})
	close(ch)
	ch <- struct{}{}
}
