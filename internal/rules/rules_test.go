package rules

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// whatwg is the HTML Living Standard's "valid e-mail address" as a regular
// expression, quoted from the standard; ValidEmail must agree with it (plus a
// dot in the domain and the 254-character limit).
var whatwg = regexp.MustCompile("^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$")

func reference(s string) bool {
	if len(s) > MaxEmailLen || !whatwg.MatchString(s) {
		return false
	}
	_, domain, _ := strings.Cut(s, "@")
	return strings.Contains(domain, ".")
}

func TestValidEmail(t *testing.T) {
	valid := []string{
		"ada@example.com", "first.last@example.co.uk", "a@b.cd", "user+tag@example.org",
		"x_y-z@sub.domain.example", "UPPER@EXAMPLE.COM", "o'brien@example.ie", "1234567890@digits.example",
		"!#$%&'*+/=?^_`{|}~-@example.com", ".leading.dot@example.com", "double..dot@example.com",
		"a@xn--bcher-kva.example", "a@1.2.3.4", "a@a-b.example", "a@" + strings.Repeat("b", 63) + ".com",
	}
	invalid := []string{
		"", "plain", "@example.com", "ada@", "ada@example", "ada@@example.com", "ada@ex ample.com",
		"ada example@example.com", "ada@-example.com", "ada@example-.com", "ada@example..com",
		"ada@.example.com", "ada@example.com.", "zoë@example.com", "ada@exämple.com", "\"quoted\"@example.com",
		"ada(comment)@example.com", "ada@[127.0.0.1]", "ada,bob@example.com", "ada@example.com ",
		"a@" + strings.Repeat("b", 64) + ".com", "ada@exa_mple.com", "ada;bob@example.com",
		"a@b@c.com", strings.Repeat("a", 250) + "@b.com",
	}
	if len(valid)+len(invalid) < 25 {
		t.Fatal("too few cases")
	}
	for _, s := range valid {
		if !ValidEmail(s) || !reference(s) {
			t.Errorf("%q: ValidEmail=%v reference=%v, want valid", s, ValidEmail(s), reference(s))
		}
	}
	for _, s := range invalid {
		if ValidEmail(s) || reference(s) {
			t.Errorf("%q: ValidEmail=%v reference=%v, want invalid", s, ValidEmail(s), reference(s))
		}
	}
}

func FuzzValidEmail(f *testing.F) {
	for _, s := range []string{"ada@example.com", "a@b", "a@b.c", "x@-y.z", "é@x.y", "a..b@c.d", "a@b-.c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := ValidEmail(s), reference(s); got != want {
			t.Fatalf("ValidEmail(%q) = %v, the WHATWG grammar says %v", s, got, want)
		}
	})
}

func TestUsernameProblem(t *testing.T) {
	for s, ok := range map[string]bool{
		"abc": true, "a.b_c@d+e-f": true, strings.Repeat("x", 64): true,
		"ab": false, strings.Repeat("x", 65): false, "a b": false, "zoë": false, "a/b": false,
	} {
		if got := UsernameProblem(s) == ""; got != ok {
			t.Errorf("%q: ok=%v, want %v (%s)", s, got, ok, UsernameProblem(s))
		}
	}
}

func TestHiddenAndNames(t *testing.T) {
	for _, r := range []rune{'\u200b', '\u200c', '\u200d', '\ufeff', '\u2060', '\u00ad', '\x00', '\t', '\u2028'} {
		if !IsHidden(r) {
			t.Errorf("%s is not hidden", RuneName(r))
		}
	}
	if RuneName('\u200b') != "U+200B ZERO WIDTH SPACE" || RuneName('\t') != "U+0009 TAB" {
		t.Fatal(RuneName('\u200b'), RuneName('\t'))
	}
	if _, _, bad := FirstInvalidNameRune("Nguyễn Thị-Minh O’Neill Jr."); bad {
		t.Fatal("a valid name was refused")
	}
	if r, pos, bad := FirstInvalidNameRune("Ann3"); !bad || r != '3' || pos != 3 {
		t.Fatal(r, pos, bad)
	}
}

func TestLanguagesAndDates(t *testing.T) {
	for in, want := range map[string]string{"en": "en", "EN": "en", "Spanish": "es", " german ": "de", "zh": "zh", "Japanese": "ja"} {
		if got, ok := LanguageCode(in); !ok || got != want {
			t.Errorf("%q → %q %v", in, got, ok)
		}
	}
	if _, ok := LanguageCode("Klingon"); ok {
		t.Fatal("Klingon")
	}
	now := time.Date(2026, 11, 24, 23, 59, 0, 0, time.UTC)
	for s, ok := range map[string]bool{"2026-11-24": true, "2026-11-23": false, "2027-11-24": true, "2027-11-25": false} {
		d, _ := ParseDate(s)
		if DateInRange(d, now) != ok {
			t.Errorf("%s: want %v", s, ok)
		}
	}
}
