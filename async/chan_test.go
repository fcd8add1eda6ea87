package async

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

func TestSendRecv(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ch := make(chan int)
		_ = Run(context.Background(), func(s *Scope) error {
			s.Go(func(ctx context.Context) error {
				defer close(ch)
				for i := range 3 {
					if err := Send(ctx, ch, i); err != nil {
						return err
					}
				}
				return nil
			})
			for want := 0; ; want++ {
				v, err := Recv(s.Context(), ch)
				if err == ErrClosed {
					if want != 3 {
						t.Errorf("Recv returned ErrClosed after %d values, want 3", want)
					}
					return nil
				}
				if err != nil || v != want {
					t.Errorf("Recv returned (%d, %v), want (%d, nil)", v, err, want)
				}
			}
		})
	})
}

func TestSendRecvContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeoutCause(context.Background(), time.Second, errFirst)
		defer cancel()
		if err := Send(ctx, make(chan int), 1); err != errFirst {
			t.Errorf("Send returned %v, want the context's cause %v", err, errFirst)
		}
		if _, err := Recv(ctx, make(chan int)); err != errFirst {
			t.Errorf("Recv returned %v, want the context's cause %v", err, errFirst)
		}

		ready := make(chan int, 1)
		if err := Send(ctx, ready, 1); err != errFirst || len(ready) != 0 {
			t.Errorf("Send on an ended context returned %v and sent %d values, want %v and none", err, len(ready), errFirst)
		}
		ready <- 1
		if _, err := Recv(ctx, ready); err != errFirst || len(ready) != 1 {
			t.Errorf("Recv on an ended context returned %v, want %v and the value left in the channel", err, errFirst)
		}
	})
}
