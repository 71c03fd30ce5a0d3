package knowledge

import "unicode/utf8"

// The index's analyser cuts text with bleve's Unicode word segmenter
// (github.com/blevesearch/segment: UAX #29 word boundaries, Unicode 8.0,
// a Ragel scanner run afresh for every segment). Most of our text is
// Latin script and common punctuation, whose word-break classes are few;
// appendSegments cuts such text as the segmenter does, in one pass over
// its bytes, and declines any other text, which the segmenter then cuts
// (TestSegmentsMatchSegmenter compares the two on every passage of the
// bench corpus and the default base and on random texts of every class).

// wbClass is a character's word-break class (UAX #29's Word_Break
// property as the segmenter's tables give it), for the characters
// appendSegments reads.
type wbClass uint8

const (
	wbOther        wbClass = iota // a segment of its own, not a word
	wbLetter                      // ALetter
	wbNumeric                     // Numeric
	wbExtendNumLet                // "_": joins anything of a word
	wbMidLetter                   // ":" between letters
	wbMidNum                      // "," ";" between digits
	wbMidNumLet                   // "." and the apostrophe between letters or between digits
	wbCR
	wbLF
	wbNewline
	wbUnknown // a class appendSegments does not read (Extend, Format, Hebrew, Katakana…): the segmenter cuts the text
)

// asciiClasses are the word-break classes of the ASCII characters
// ('"' is Double_Quote, which only joins Hebrew letters: here, Other).
var asciiClasses = func() (t [utf8.RuneSelf]wbClass) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = wbLetter, wbLetter
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = wbNumeric
	}
	t['_'] = wbExtendNumLet
	t[':'] = wbMidLetter
	t[','], t[';'] = wbMidNum, wbMidNum
	t['.'] = wbMidNumLet
	t['\''] = wbMidNumLet // Single_Quote: as MidNumLet outside Hebrew
	t['\r'], t['\n'] = wbCR, wbLF
	t['\v'], t['\f'] = wbNewline, wbNewline
	return t
}()

// classOf returns the word-break class of r (not ASCII), from the
// segmenter's tables (Unicode 8.0's WordBreakProperty.txt) for Latin-1,
// Latin Extended-A and B, IPA, the spacing modifiers and the General
// Punctuation, superscript and currency blocks; wbUnknown elsewhere.
func classOf(r rune) wbClass {
	switch {
	case r < 0x300:
		switch {
		case r == 0x85:
			return wbNewline
		case r == 0xad: // soft hyphen: Format
			return wbUnknown
		case r == 0xb7 || r == 0x2d7:
			return wbMidLetter
		case r == 0xaa || r == 0xb5 || r == 0xba || 0xc0 <= r && r <= 0xd6 || 0xd8 <= r && r <= 0xf6 ||
			0xf8 <= r && r <= 0x2c1 || 0x2c6 <= r && r <= 0x2d1 || 0x2e0 <= r && r <= 0x2e4 || r == 0x2ec || r == 0x2ee:
			return wbLetter
		}
		return wbOther
	case 0x2000 <= r && r <= 0x20cf:
		switch {
		case 0x200c <= r && r <= 0x200f || 0x202a <= r && r <= 0x202e || 0x2060 <= r && r <= 0x206f && r != 0x2065:
			return wbUnknown // Extend, Format
		case r == 0x2018 || r == 0x2019 || r == 0x2024:
			return wbMidNumLet
		case r == 0x2027:
			return wbMidLetter
		case r == 0x2028 || r == 0x2029:
			return wbNewline
		case r == 0x203f || r == 0x2040 || r == 0x2054:
			return wbExtendNumLet
		case r == 0x2044:
			return wbMidNum
		case r == 0x2071 || r == 0x207f || 0x2090 <= r && r <= 0x209c:
			return wbLetter
		}
		return wbOther
	}
	return wbUnknown
}

// segmentSpan is a segment of a text: text[start:end], a word or number
// (a token of the analyser) or not.
type segmentSpan struct {
	start, end int32
	word       bool
}

// appendSegments appends to spans the segments of text as the segmenter
// cuts them, the segments that are not words included, or returns false
// (and spans as it was given) when text holds a character whose class
// appendSegments does not read, or is not valid UTF-8.
func appendSegments(spans []segmentSpan, text []byte) ([]segmentSpan, bool) {
	n0 := len(spans)
	// One class per character, then the segments: rules WB5 to WB13b
	// restricted to these classes (what the segmenter's Word rule
	// accepts): any run of letters, digits and ExtendNumLet is one word,
	// and so is a MidLetter or MidNumLet between two letters or a MidNum
	// or MidNumLet between two digits.
	at := func(i int) (wbClass, int) {
		if i >= len(text) {
			return wbOther, 0
		}
		if c := text[i]; c < utf8.RuneSelf {
			return asciiClasses[c], 1
		}
		r, size := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && size == 1 {
			return wbUnknown, 1
		}
		return classOf(r), size
	}
	for i := 0; i < len(text); {
		cls, size := at(i)
		switch cls {
		case wbUnknown:
			return spans[:n0], false
		case wbLetter, wbNumeric, wbExtendNumLet:
			prev := cls
			j := i + size
			for j < len(text) {
				c2, s2 := at(j)
				switch c2 {
				case wbLetter, wbNumeric, wbExtendNumLet:
					prev = c2
					j += s2
					continue
				case wbMidLetter, wbMidNum, wbMidNumLet:
					c3, _ := at(j + s2)
					if prev == wbLetter && c3 == wbLetter && c2 != wbMidNum ||
						prev == wbNumeric && c3 == wbNumeric && c2 != wbMidLetter {
						j += s2
						continue
					}
				case wbUnknown:
					return spans[:n0], false
				}
				break
			}
			spans = append(spans, segmentSpan{int32(i), int32(j), true})
			i = j
		case wbCR:
			if c2, _ := at(i + 1); c2 == wbLF {
				size = 2
			}
			fallthrough
		default:
			spans = append(spans, segmentSpan{int32(i), int32(i + size), false})
			i += size
		}
	}
	return spans, true
}
