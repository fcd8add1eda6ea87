package donenoexit

import (
	"context"
	"errors"
	"testing"
)

func TestConsumeCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Consume(ctx, nil, func(int) {}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Consume with a cancelled context returned %v, want context.Canceled", err)
	}
}

func TestCollectCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := Collect(ctx, nil); got != nil {
		t.Fatalf("Collect with a cancelled context returned %v, want nil", got)
	}
}
