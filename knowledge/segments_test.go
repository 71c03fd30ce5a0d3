package knowledge

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/segment"
)

// segmenterSpans cuts text with bleve's segmenter.
func segmenterSpans(text []byte) []segmentSpan {
	var out []segmentSpan
	seg := segment.NewWordSegmenterDirect(text)
	end := 0
	for seg.Segment() {
		b := seg.Bytes()
		start := end
		// The segments are consecutive slices of text.
		end = start + len(b)
		out = append(out, segmentSpan{int32(start), int32(end), seg.Type() != segment.None})
	}
	return out
}

// checkSegments fails when appendSegments cuts text otherwise than the
// segmenter, or declines it when it should not (every character's class
// known: declined says whether it may decline).
func checkSegments(t *testing.T, text string, mayDecline bool) bool {
	t.Helper()
	got, ok := appendSegments(nil, []byte(text))
	if !ok {
		if !mayDecline {
			t.Fatalf("%q declined", text)
		}
		return false
	}
	if want := segmenterSpans([]byte(text)); !slices.Equal(got, want) {
		t.Fatalf("%q: segments %v, want %v", text, show(text, got), show(text, want))
	}
	return true
}

func show(text string, spans []segmentSpan) []string {
	var out []string
	for _, s := range spans {
		w := text[s.start:s.end]
		if s.word {
			w = "[" + w + "]"
		}
		out = append(out, w)
	}
	return out
}

// TestSegmentsMatchSegmenter: appendSegments cuts every passage and title
// of the bench corpus and of the default base, awkward texts and random
// texts made of characters of every class it reads as the segmenter
// does, and declines the texts that hold others.
func TestSegmentsMatchSegmenter(t *testing.T) {
	docs, err := ReadDocuments(context.Background(), manpagesFS(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, kbDefault(t).Documents()...)
	read, texts := 0, 0
	for _, d := range docs {
		for _, text := range append([]string{d.Title, SearchForm(d.Title)}, passageTexts(d)...) {
			texts++
			if checkSegments(t, text, true) {
				read++
			}
		}
	}
	t.Logf("%d of %d texts read", read, texts)
	// Most of the text is read without the segmenter.
	if read < texts*9/10 {
		t.Fatalf("%d of %d texts read", read, texts)
	}
	for _, text := range awkwardTexts {
		checkSegments(t, text, true)
	}
	// Declined: other classes, invalid UTF-8.
	for _, text := range []string{"e\u0301", "a\u00adb", "東京", "x\xff", "a\u200db", "שלום"} {
		if _, ok := appendSegments(nil, []byte(text)); ok {
			t.Fatalf("%q not declined", text)
		}
	}
	// Every character of the classes read, one by one and between
	// letters and digits, and random texts of them.
	var chars []string
	for r := rune(0); r < 0x300; r++ {
		chars = append(chars, string(r))
	}
	for r := rune(0x2000); r <= 0x20cf; r++ {
		chars = append(chars, string(r))
	}
	for _, ch := range chars {
		for _, text := range []string{ch, "a" + ch + "b", "1" + ch + "2", "a" + ch + "2", "1" + ch + "b", ch + ch + "a", "_" + ch + "_"} {
			checkSegments(t, text, strings.ContainsFunc(text, func(r rune) bool {
				return classOf(r) == wbUnknown && r >= utf8.RuneSelf
			}))
		}
	}
	// Characters of each class, weighted towards those that join words.
	alphabet := []string{"a", "Z", "é", "ß", "ǅ", "1", "9", "_", "‿", ":", "·", ",", ";", "⁄", ".", "'", "’", "․", " ", " ", "-", "\"", "«", "»", "€", "\r", "\n", "\v", "\u0085", "\u2028", "!", "ª", "ⁱ"}
	randomTexts(1, 2, 200_000, 1, 12, alphabet, func(s string) { checkSegments(t, s, false) })
}

func passageTexts(d Document) []string {
	var out []string
	for _, p := range d.Passages {
		out = append(out, p.Text, SearchForm(p.Text))
	}
	return out
}
