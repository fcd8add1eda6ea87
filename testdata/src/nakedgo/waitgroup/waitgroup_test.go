package waitgroup

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// These tests run against the fixture and against its golden rewrite, so
// they show that the rewrite keeps what the code does.

func TestUpperAll(t *testing.T) {
	got := upperAll([]string{"a", "", "bc"})
	if want := []string{"A", "", "BC"}; !slices.Equal(got, want) {
		t.Errorf("upperAll = %q, want %q", got, want)
	}
}

func TestLengths(t *testing.T) {
	got := lengths(context.Background(), []string{"a", "bcd"})
	if want := []int{1, 3}; !slices.Equal(got, want) {
		t.Errorf("lengths = %v, want %v", got, want)
	}
}

func TestPair(t *testing.T) {
	x, y := pair("a", "b")
	if x != "aa" || y != "bb" {
		t.Errorf("pair = %q, %q, want aa, bb", x, y)
	}
}

func TestCheckAll(t *testing.T) {
	if err := checkAll([]string{"ann", "bob"}); err != nil {
		t.Errorf("checkAll(valid names) = %v, want nil", err)
	}
	err := checkAll([]string{"ann", ""})
	if err == nil || !strings.Contains(err.Error(), "empty name") {
		t.Errorf("checkAll(with empty name) = %v, want the empty name error", err)
	}
	err = checkAll([]string{"abcdefghij"})
	if err == nil || !strings.Contains(err.Error(), "longer than 8") {
		t.Errorf("checkAll(long name) = %v, want the length error", err)
	}
}

type fakeCloser struct{ err error }

func (f fakeCloser) Close(ctx context.Context) error { return f.err }

func TestCloseSome(t *testing.T) {
	items := []closer{fakeCloser{}, fakeCloser{err: context.Canceled}, fakeCloser{err: context.Canceled}}
	if got := closeSome(items, time.Second); got != 2 {
		t.Errorf("closeSome = %d failures, want 2", got)
	}
}

func TestCountCalls(t *testing.T) {
	seq := 0
	next := func() int { seq++; return seq }
	if got := countCalls(3, next); got != 3 || seq != 3 {
		t.Errorf("countCalls = %d with %d calls of next, want 3 and 3", got, seq)
	}
}

func TestParseAll(t *testing.T) {
	got, err := parseAll([]string{"1", "22"})
	if err != nil || !slices.Equal(got, []int{1, 22}) {
		t.Errorf("parseAll(valid) = %v, %v, want [1 22], nil", got, err)
	}
	_, err = parseAll([]string{"1", "x"})
	if err == nil || !strings.Contains(err.Error(), "field 1") {
		t.Errorf("parseAll(invalid) = %v, want an error for field 1", err)
	}
}

func TestNestedSum(t *testing.T) {
	if got := nestedSum([][]int{{1, 2}, {3}, {}}); got != 6 {
		t.Errorf("nestedSum = %d, want 6", got)
	}
}
