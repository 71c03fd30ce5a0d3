package eval

import (
	"strings"
	"testing"
	"time"
)

func TestReadCasesErrors(t *testing.T) {
	for _, in := range []string{"", "{bad json", `{"question": ""}`, `{"question": "q"}`, `{"question": "q", "match": "("}`} {
		if _, err := ReadCases(strings.NewReader(in)); err == nil {
			t.Errorf("ReadCases(%q): no error", in)
		}
	}
}

func TestHolds(t *testing.T) {
	cases, err := ReadCases(strings.NewReader(`{"question": "combien ?", "match": "80[ .]?000"}
{"question": "qui ?", "gold": ["Othmane Serraj"]}
{"question": "où ?", "expect_found": false}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		c    Case
		text string
		want bool
	}{
		{cases[0], "Le secteur emploie 80 000 salariés.", true},
		{cases[0], "Le secteur emploie 8 000 salariés.", false},
		{cases[1], "Le président, Othmane Serraj, a dit.", true},
		{cases[1], "Le président, OTHMANE SÉRRAJ.", true}, // case and accents folded
		{cases[1], "Le président a dit.", false},
		{cases[2], "n'importe quoi", false},
	}
	for _, tt := range tests {
		if got := tt.c.Holds(tt.text); got != tt.want {
			t.Errorf("%q.Holds(%q) = %v, want %v", tt.c.Question, tt.text, got, tt.want)
		}
	}
	if cases[2].Answerable() || !cases[0].Answerable() {
		t.Error("Answerable: wrong for expect_found")
	}
}

func TestGoldOverlap(t *testing.T) {
	tests := []struct {
		gold, text string
		want       float64
	}{
		{"trois ans", "Il y a passé trois ans.", 1},
		{"trois ans", "Il y a passé trois mois.", 0.5},
		{"Élysée", "à l'elysee", 1},
		{"", "rien", 0},
	}
	for _, tt := range tests {
		if got := GoldOverlap(tt.gold, tt.text); got != tt.want {
			t.Errorf("GoldOverlap(%q, %q) = %v, want %v", tt.gold, tt.text, got, tt.want)
		}
	}
}

func TestPercentile(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	var lat []time.Duration
	for i := 1; i <= 100; i++ {
		lat = append(lat, ms(i))
	}
	tests := []struct {
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{nil, 0.5, 0},
		{[]time.Duration{ms(3)}, 0.99, ms(3)},
		{lat, 0.50, ms(50)},
		{lat, 0.99, ms(99)},
		{lat, 0, ms(1)},
	}
	for _, tt := range tests {
		if got := Percentile(tt.sorted, tt.p); got != tt.want {
			t.Errorf("Percentile(%d latencies, %v) = %v, want %v", len(tt.sorted), tt.p, got, tt.want)
		}
	}
}

func TestReadSQuAD(t *testing.T) {
	const in = `{"data": [{"title": "Un", "paragraphs": [
		{"context": "Premier   paragraphe.", "qas": [{"question": "Quoi ?", "answers": [{"text": "Premier"}]}]},
		{"context": "Second.", "qas": [{"question": "Rien ?", "is_impossible": true}]}]}]}`
	fsys, cases, err := ReadSQuAD(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	doc, ok := fsys["squad-01.md"]
	if !ok || !strings.Contains(string(doc.Data), "Premier paragraphe.\n\nSecond.") {
		t.Errorf("document: %v", fsys)
	}
	if len(cases) != 2 || cases[0].Passage != 1 || cases[0].Doc != "squad-01" || len(cases[0].Gold) != 1 ||
		cases[1].Answerable() || cases[1].Passage != 2 {
		t.Errorf("cases: %+v", cases)
	}
	if _, _, err := ReadSQuAD(strings.NewReader(`{"data": []}`)); err == nil {
		t.Error("no question: no error")
	}
}

func TestReadCasesLongLine(t *testing.T) {
	long := `{"question": "` + strings.Repeat("a", 2<<20) + `", "match": "a"}`
	_, err := ReadCases(strings.NewReader(`{"question": "q", "match": "x"}` + "\n" + long))
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a line over 1 MB: err = %v, want one naming line 2", err)
	}
}
