package termtext

import (
	"fmt"
	"io"
	"unicode/utf8"
)

// JSON wraps a writer of JSON text so that what encoding/json leaves raw but a
// terminal obeys — DEL, the C1 controls, the bidirectional overrides — is
// written as a \uNNNN escape. Those characters can only stand inside JSON
// strings, so the result decodes to the same values.
func JSON(w io.Writer) io.Writer { return &jsonWriter{w: w} }

type jsonWriter struct {
	w       io.Writer
	pending []byte // the start of a character split between two writes
}

func (j *jsonWriter) Write(p []byte) (int, error) {
	buf := append(j.pending, p...)
	cut := len(buf)
	for i := len(buf) - 1; i >= 0 && i >= len(buf)-utf8.UTFMax; i-- {
		if utf8.RuneStart(buf[i]) {
			if !utf8.FullRune(buf[i:]) {
				cut = i
			}
			break
		}
	}
	j.pending = append([]byte(nil), buf[cut:]...)
	out := make([]byte, 0, cut+16)
	for i := 0; i < cut; {
		r, size := utf8.DecodeRune(buf[i:cut])
		if r == 0x7f || (r != utf8.RuneError && unsafe(r)) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, buf[i:i+size]...)
		}
		i += size
	}
	if _, err := j.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
