package termtext

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain ASCII", "Ada Lovelace", "Ada Lovelace"},
		{"names in any script", "Zoë Ørsted 山田太郎 Ολγα Дмитрий محمد 👩‍🔬", "Zoë Ørsted 山田太郎 Ολγα Дмитрий محمد 👩‍🔬"},
		{"retitle the terminal", "Email\x1b]0;pwned\x07", `Email\x1b]0;pwned\x07`},
		{"clear the screen", "\x1b[2J\x1b[HOK", `\x1b[2J\x1b[HOK`},
		{"carriage return hides text", "bad\rgood", `bad\x0dgood`},
		{"line break", "a\nb", `a\x0ab`},
		{"DEL", "a\x7fb", `a\x7fb`},
		{"C1 CSI", "a\u009b2Jb", `a\u009b2Jb`},
		{"bidi override", "txt\u202egnp.exe", `txt\u202egnp.exe`},
		{"not UTF-8", "a\xffb", `a\xffb`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Escape(tc.in)
			if got != tc.want {
				t.Fatalf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if strings.ContainsAny(got, "\x1b\x07\r\n\x7f\u009b\u202e") {
				t.Fatalf("a control character survived: %q", got)
			}
		})
	}
}

func TestLineFoldsWhitespace(t *testing.T) {
	if got := Line("  Row\t 7\r\n\x1b[31mred "); got != `Row 7 \x1b[31mred` {
		t.Fatalf("%q", got)
	}
}

// TestJSONIsAlreadySafe checks the claim that --json output needs no escaping
// of its own: encoding/json writes control characters as \u escapes.
func TestJSONIsAlreadySafe(t *testing.T) {
	b, err := json.Marshal(map[string]string{"m": "\x1b]0;x\x07\r\n\u009b\u202e"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(string(b), "\x1b\x07\r\n") {
		t.Fatalf("encoding/json left a C0 control raw: %q", b)
	}
}
