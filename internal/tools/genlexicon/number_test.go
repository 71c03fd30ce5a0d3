package main

import (
	"slices"
	"testing"
)

func TestNumberSynonyms(t *testing.T) {
	entries := []entry{{"abri", []string{"asile", "refuge"}}, {"asile", []string{"abri"}}, {"refuge", []string{"abri", "asile"}}}
	got, err := numberSynonyms(entries)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"1", "2"}, {"0"}, {"0", "1"}}
	for i, e := range got {
		if e.head != entries[i].head || !slices.Equal(e.words, want[i]) {
			t.Errorf("entry %d = %v, want %s %v", i, e, entries[i].head, want[i])
		}
	}
	// Base 36: entry 36 is "10".
	many := make([]entry, 40)
	for i := range many {
		many[i] = entry{head: string(rune('A' + i)), words: []string{"A"}}
	}
	many[0].words = []string{string(rune('A' + 36))}
	if got, err := numberSynonyms(many); err != nil || got[0].words[0] != "10" {
		t.Errorf("entry 36 numbered %v (%v), want 10", got[0].words, err)
	}
	if _, err := numberSynonyms([]entry{{"abri", []string{"grotte"}}}); err == nil {
		t.Error("a synonym that is no headword was numbered")
	}
}
