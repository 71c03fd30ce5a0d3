package knowledge

import "strings"

// markdownText strips the Markdown markup of a block so that passages quote
// plain text: a leading quote mark ("> "), a leading list mark ("- ",
// "1. ", "2) "), links ("[text](url)" gives "text") and emphasis or code
// ("**text**", "_text_", "`text`" give "text"), then the surrounding
// spaces. It scans the block once per kind of markup and copies it only
// when there is markup to remove: it runs on every paragraph of every
// document.
func markdownText(b string) string {
	b = cutQuoteMark(b)
	b = cutListMark(b)
	if strings.IndexByte(b, '[') >= 0 {
		b = stripLinks(b)
	}
	if strings.ContainsAny(b, "*_`") {
		b = stripEmphasis(b)
	}
	return strings.TrimSpace(b)
}

// isSpace is a white space character as regular expressions see it (\s).
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// cutQuoteMark removes a leading ">" and one white space after it.
func cutQuoteMark(b string) string {
	if !strings.HasPrefix(b, ">") {
		return b
	}
	b = b[1:]
	if b != "" && isSpace(b[0]) {
		b = b[1:]
	}
	return b
}

// cutListMark removes a leading list mark ("-", "*", "+", or digits then
// "." or ")") followed by white space, and that white space.
func cutListMark(b string) string {
	i := 0
	switch {
	case b == "":
		return b
	case b[0] == '-' || b[0] == '*' || b[0] == '+':
		i = 1
	case '0' <= b[0] && b[0] <= '9':
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		if i == len(b) || b[i] != '.' && b[i] != ')' {
			return b
		}
		i++
	default:
		return b
	}
	j := i
	for j < len(b) && isSpace(b[j]) {
		j++
	}
	if j == i {
		return b
	}
	return b[j:]
}

// stripLinks replaces every "[text](target)" by its text: text is one or
// more characters other than "]", target any characters other than ")".
func stripLinks(b string) string {
	var out strings.Builder
	last := 0 // b[last:] is not copied yet
	for i := 0; i < len(b); i++ {
		if b[i] != '[' {
			continue
		}
		j := strings.IndexByte(b[i+1:], ']')
		if j < 1 || i+1+j+1 >= len(b) || b[i+1+j+1] != '(' {
			continue
		}
		j += i + 1 // the ']'
		k := strings.IndexByte(b[j+2:], ')')
		if k < 0 {
			continue
		}
		k += j + 2 // the ')'
		out.WriteString(b[last:i])
		out.WriteString(b[i+1 : j])
		last = k + 1
		i = k
	}
	if last == 0 {
		return b
	}
	out.WriteString(b[last:])
	return out.String()
}

// isEmphasisMark is a character that opens or closes emphasis or code.
func isEmphasisMark(c byte) bool { return c == '*' || c == '_' || c == '`' }

// stripEmphasis replaces every run of text between two emphasis or code
// marks ("**", "__", "*", "_" or "`", not necessarily the same) by the
// text alone; the text holds none of "*", "_" and "`".
func stripEmphasis(b string) string {
	var out strings.Builder
	last := 0
	for i := 0; i < len(b); i++ {
		if !isEmphasisMark(b[i]) {
			continue
		}
		open := 1
		if b[i] != '`' && i+1 < len(b) && b[i+1] == b[i] {
			open = 2 // "**" or "__"; a single mark then meets a mark at once
		}
		start := i + open
		end := start
		for end < len(b) && !isEmphasisMark(b[end]) {
			end++
		}
		if end == start || end == len(b) {
			continue
		}
		closing := 1
		if b[end] != '`' && end+1 < len(b) && b[end+1] == b[end] {
			closing = 2
		}
		out.WriteString(b[last:i])
		out.WriteString(b[start:end])
		last = end + closing
		i = last - 1
	}
	if last == 0 {
		return b
	}
	out.WriteString(b[last:])
	return out.String()
}
