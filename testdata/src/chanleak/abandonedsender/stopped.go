package abandonedsender

import "errors"

// pollUntilDone records failures in a buffer while it polls, and stops
// when done is closed. Once the parent closes done, the goroutine makes
// at most one more round, so the buffer is not left full with the
// goroutine waiting.
func pollUntilDone(get func() (string, error), wait func()) error {
	errc := make(chan error, 100)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			default:
				v, err := get()
				if err != nil {
					errc <- err
					return
				}
				if v != "want" {
					errc <- errors.New("wrong value")
				}
			}
		}
	}()
	wait()
	close(done)
	if len(errc) > 0 {
		return <-errc
	}
	return nil
}
