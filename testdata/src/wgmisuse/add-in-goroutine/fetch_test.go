package addingoroutine

import (
	"slices"
	"testing"
)

func TestFetchAllResults(t *testing.T) {
	urls := []string{"a", "b", "c"}
	want := []string{"got a", "got b", "got c"}
	if got := fetchAll(urls); !slices.Equal(got, want) {
		t.Errorf("fetchAll = %q, want %q", got, want)
	}
	if got := fetchTrimmed(urls); !slices.Equal(got, want) {
		t.Errorf("fetchTrimmed = %q, want %q", got, want)
	}
	var c crawler
	c.crawl("a")
	if got := c.Close(); !slices.Equal(got, []string{"got a"}) {
		t.Errorf("crawler pages = %q, want [got a]", got)
	}
}
