// Package termtext makes text from files and from the platform safe to print
// on a terminal: a control character in a header, a name or a platform message
// (an ESC sequence can retitle the window, clear the screen or hide text)
// is shown as visible escape text instead of being obeyed. Letters of every
// script, accents and emoji are kept as they are.
package termtext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Escape returns s with every control character written visibly: C0 controls
// and DEL as \xNN (ESC becomes \x1b, a line break \x0a), C1 controls and the
// bidirectional overrides, which reorder what the reader sees, as \uNNNN, and
// bytes that are not UTF-8 as \xNN. A backslash stays a backslash: the output
// is for reading, not for decoding back.
func Escape(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// clean is the fast path: most text has nothing to escape.
func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= 0x80 {
			return utf8.ValidString(s[i:]) && !strings.ContainsFunc(s[i:], func(r rune) bool { return r < 0x20 || r == 0x7f || unsafe(r) })
		}
	}
	return true
}

// unsafe tells whether a non-ASCII rune acts on the terminal or on the order
// of the text rather than being shown: C1 controls (0x9b is a one-byte CSI on
// some terminals) and the bidirectional embeddings, overrides and isolates.
func unsafe(r rune) bool {
	return (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// Line is Escape for a value printed on one line of a table: runs of spaces,
// tabs and line breaks become one space first, so a multi-line cell stays on
// its line, and whatever control is left is escaped.
func Line(s string) string {
	return Escape(strings.Join(strings.Fields(s), " "))
}
