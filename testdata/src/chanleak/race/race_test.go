package race

import (
	"context"
	"testing"
)

func TestFirstReply(t *testing.T) {
	if err := firstReply("a", "b"); err != nil {
		t.Errorf("firstReply = %v, want nil", err)
	}
}

func TestFirstOfThree(t *testing.T) {
	if err := firstOfThree("a", "b", "c"); err != nil {
		t.Errorf("firstOfThree = %v, want nil", err)
	}
}

func TestBothOrFirstError(t *testing.T) {
	if err := bothOrFirstError("", ""); err == nil {
		t.Error("bothOrFirstError returned no error for empty addresses")
	}
	if err := bothOrFirstError("a", "b"); err != nil {
		t.Errorf("bothOrFirstError = %v, want nil", err)
	}
}

func TestUntilCancelled(t *testing.T) {
	if err := untilCancelled(context.Background(), "a", "b"); err != nil {
		t.Errorf("untilCancelled = %v, want nil", err)
	}
}

func TestFastest(t *testing.T) {
	if n := fastest(context.Background(), "a", "b"); n != len("a.example") {
		t.Errorf("fastest = %d, want %d", n, len("a.example"))
	}
}

func TestWaitForOne(t *testing.T) {
	ran := make(chan string, 2)
	waitForOne(func() { ran <- "first" }, func() { ran <- "second" })
	if len(ran) == 0 {
		t.Error("waitForOne returned before either callback ran")
	}
}

func TestProgressAndResult(t *testing.T) {
	if err := progressAndResult("a", "b"); err != nil {
		t.Errorf("progressAndResult = %v, want nil", err)
	}
}
