package french

import (
	"errors"
	"slices"
	"testing"
)

// TestAccessors checks the typed views on a few lists whose content the
// rest of the program relies on.
func TestAccessors(t *testing.T) {
	tests := []struct {
		name string
		got  bool
	}{
		{"articles has l'", Words("articles").Has("l'")},
		{"articles has not l", !Words("articles").Has("l")},
		{"folded articles have l", Words("articles").Folded().Has("l")},
		{"folded time-prepositions have jusqu and apres", Words("time-prepositions").Folded().Has("jusqu") && Words("time-prepositions").Folded().Has("apres")},
		{"question-auxiliaries include auxiliary-verbs, folded", Words("question-auxiliaries").Has("etaient") && Words("question-auxiliaries").Has("ont")},
		{"question-auxiliaries include subject-pronouns", Words("question-auxiliaries").Has("elles")},
		{"figure-verbs include copulas and auxiliary-verbs", Words("figure-verbs").Has("étaient") && Words("figure-verbs").Has("were") && Words("figure-verbs").Has("doivent")},
		{"person-nouns fold œ", Words("person-nouns").Has(Fold("sœur"))},
		{"union", Union(Words("relative-pronouns"), Words("compound-relative-pronouns")).Has("lequel")},
		{"months", get2(Ints("months"), "août") == 8 && get2(Ints("months"), "aout") == 8},
		{"english months keep their case", get2(Ints("english-months"), "May") == 5 && !Ints("english-months").Has("may")},
		{"number words", get2(Ints("number-words"), "soixante") == 60},
		{"scale words", get2(Floats("scale-words"), "milliards") == 1e9},
		{"currencies", get2(Texts("currencies"), "MDH") == "DH"},
		{"chat abbreviations", get2(Texts("chat-abbreviations"), "cb") == "combien"},
		{"ordered list", slices.Index(List("approximations"), "un peu plus de") < slices.Index(List("approximations"), "plus de")},
		{"zero set", !Set{}.Has("le") && Set{}.Len() == 0},
	}
	for _, tt := range tests {
		if !tt.got {
			t.Errorf("%s: false", tt.name)
		}
	}
}

func get2[V int | float64 | string](t Table[V], w string) V {
	v, _ := t.Get(w)
	return v
}

// TestReadOnly: what an accessor returns cannot change the list.
func TestReadOnly(t *testing.T) {
	l := List("approximations")
	l[0] = "changed"
	if List("approximations")[0] == "changed" {
		t.Error("List shares its slice")
	}
	s := Words("articles").Sorted()
	s[0] = "changed"
	if slices.Contains(Words("articles").Sorted(), "changed") {
		t.Error("Sorted shares its slice")
	}
}

func TestAccessorPanics(t *testing.T) {
	tests := []struct {
		name string
		call func()
	}{
		{"unknown list", func() { Words("no-such-list") }},
		{"valued list as words", func() { Words("months") }},
		{"words as a valued list", func() { Ints("articles") }},
		{"ints as floats", func() { Floats("months") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				err, ok := r.(error)
				if !ok || !errors.Is(err, ErrData) {
					t.Errorf("recovered %v, want an ErrData", r)
				}
			}()
			tt.call()
		})
	}
}

// TestTables checks what the look-ups rely on in the generated tables:
// lists sorted by name, the words of each strictly increasing, one value
// a word for a valued list.
func TestTables(t *testing.T) {
	if len(lists) < 40 {
		t.Fatalf("%d lists", len(lists))
	}
	for i, l := range lists {
		if i > 0 && lists[i-1].name >= l.name {
			t.Errorf("list %q after %q", l.name, lists[i-1].name)
		}
		if len(l.words) == 0 {
			t.Errorf("%s: no words", l.name)
		}
		for j := 1; j < len(l.words); j++ {
			if l.words[j-1] >= l.words[j] {
				t.Errorf("%s: %q after %q", l.name, l.words[j], l.words[j-1])
			}
		}
		n := map[string]int{valuesNone: 0, valuesInt: len(l.ints), valuesFloat: len(l.floats), valuesText: len(l.texts)}
		if got, ok := n[l.values]; !ok || l.values != valuesNone && got != len(l.words) {
			t.Errorf("%s: values %q, %d of them for %d words", l.name, l.values, got, len(l.words))
		}
		if l.order != nil && len(l.order) != len(l.words) {
			t.Errorf("%s: %d entries in file order, %d words", l.name, len(l.order), len(l.words))
		}
	}
}
