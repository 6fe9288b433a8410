// Package rules holds the per-field rules of the import template (SPEC §2, §3)
// that both the app's validation and the sandbox platform apply: names, e-mail
// addresses, usernames, languages and dates.
package rules

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/runenames"
)

// Length limits, in characters.
const (
	MaxNameLen      = 50
	MaxEmailLen     = 254
	MinUsernameLen  = 3
	MaxUsernameLen  = 64
	MaxReferenceLen = 64
	// MaxInviteDays is how far ahead an invitation may be scheduled.
	MaxInviteDays = 365
)

// DateLayout is the ISO date form accepted in text cells and sent to the platform.
const DateLayout = "2006-01-02"

// IsHidden tells whether r is a control, format (zero-width and the like) or
// line/paragraph separator character: invisible in a cell, refused everywhere.
func IsHidden(r rune) bool {
	return unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) ||
		unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r)
}

// FirstHidden returns the first hidden character of s and its position in
// characters, or ok=false.
func FirstHidden(s string) (r rune, pos int, ok bool) {
	i := 0
	for j := 0; j < len(s); {
		if b := s[j]; b < utf8.RuneSelf { // most cells are ASCII: no table look-ups
			if b < 0x20 || b == 0x7f {
				return rune(b), i, true
			}
			j++
			i++
			continue
		}
		c, size := utf8.DecodeRuneInString(s[j:])
		if IsHidden(c) {
			return c, i, true
		}
		j += size
		i++
	}
	return 0, 0, false
}

// nameRune tells whether a person's name may hold r: letters of any script,
// combining marks, space, apostrophes (both kinds), hyphen and period.
func nameRune(r rune) bool {
	switch r {
	case ' ', '\'', '\u2019', '-', '.':
		return true
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.M, r)
}

// FirstInvalidNameRune returns the first character a name may not hold.
func FirstInvalidNameRune(s string) (r rune, pos int, ok bool) {
	i := 0
	for _, c := range s {
		if !(c < utf8.RuneSelf && asciiNameByte(byte(c))) && !nameRune(c) {
			return c, i, true
		}
		i++
	}
	return 0, 0, false
}

func asciiNameByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// RuneName names a character for a message: "U+200B ZERO WIDTH SPACE".
func RuneName(r rune) string {
	name := runenames.Name(r)
	if name == "" || strings.HasPrefix(name, "<") {
		switch r {
		case '\t':
			name = "TAB"
		case '\n':
			name = "LINE FEED"
		case '\r':
			name = "CARRIAGE RETURN"
		default:
			name = "CONTROL CHARACTER"
		}
	}
	return fmt.Sprintf("U+%04X %s", r, name)
}

// Len counts characters, as the length limits do.
func Len(s string) int { return utf8.RuneCountInString(s) }

// ValidEmail applies the WHATWG "valid e-mail address" grammar (HTML Living
// Standard, input type=email), ASCII only, and further asks the domain for at
// least one dot, as the platform does:
//
//	local  = 1*( ALPHA / DIGIT / "." / "!#$%&'*+/=?^_`{|}~-" )
//	domain = label *( "." label ), label = let-dig [ *61(let-dig / "-") let-dig ]
func ValidEmail(s string) bool {
	if len(s) == 0 || len(s) > MaxEmailLen {
		return false
	}
	at := strings.IndexByte(s, '@')
	if at <= 0 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	for i := 0; i < len(local); i++ {
		if !emailLocalByte(local[i]) {
			return false
		}
	}
	if !strings.Contains(domain, ".") {
		return false
	}
	for label := range strings.SplitSeq(domain, ".") {
		if !validLabel(label) {
			return false
		}
	}
	return true
}

func emailLocalByte(c byte) bool {
	if isLetDig(c) {
		return true
	}
	return strings.IndexByte(".!#$%&'*+/=?^_`{|}~-", c) >= 0
}

func isLetDig(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func validLabel(l string) bool {
	if len(l) == 0 || len(l) > 63 || !isLetDig(l[0]) || !isLetDig(l[len(l)-1]) {
		return false
	}
	for i := 1; i < len(l)-1; i++ {
		if !isLetDig(l[i]) && l[i] != '-' {
			return false
		}
	}
	return true
}

// UsernameProblem says what is wrong with a username typed in column D, or ""
// when it is fine.
func UsernameProblem(s string) string {
	n := Len(s)
	if n < MinUsernameLen || n > MaxUsernameLen {
		return fmt.Sprintf("is %d characters long; a username has %d to %d", n, MinUsernameLen, MaxUsernameLen)
	}
	for _, r := range s {
		if !usernameRune(r) {
			return fmt.Sprintf("holds %q (%s); a username may hold only letters A–Z a–z, digits and . _ @ + -", r, RuneName(r))
		}
	}
	return ""
}

func usernameRune(r rune) bool {
	return r < utf8.RuneSelf && (isLetDig(byte(r)) || strings.ContainsRune("._@+-", r))
}

// Language is one language a client can take a report in.
type Language struct {
	Code, Name string
}

// Languages are the template's languages, in the template's order.
var Languages = []Language{
	{"en", "English"}, {"es", "Spanish"}, {"fr", "French"}, {"de", "German"},
	{"zh", "Chinese"}, {"pt", "Portuguese"}, {"ja", "Japanese"},
}

// DefaultLanguage is used when the Language cell is empty.
const DefaultLanguage = "en"

// LanguageCode resolves a code or English name (any case) to its code.
func LanguageCode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, l := range Languages {
		if strings.EqualFold(s, l.Code) || strings.EqualFold(s, l.Name) {
			return l.Code, true
		}
	}
	return "", false
}

// LanguageName returns the English name of a code, or the code itself.
func LanguageName(code string) string {
	for _, l := range Languages {
		if l.Code == code {
			return l.Name
		}
	}
	return code
}

// ParseDate reads an ISO YYYY-MM-DD date.
func ParseDate(s string) (time.Time, bool) {
	t, err := time.Parse(DateLayout, strings.TrimSpace(s))
	return t, err == nil
}

// DateInRange tells whether day (a date, any time of day) lies within today …
// today+MaxInviteDays, today being the calendar day of now in now's location.
func DateInRange(day, now time.Time) bool {
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	dy, dm, dd := day.Date()
	t := time.Date(dy, dm, dd, 0, 0, 0, 0, time.UTC)
	return !t.Before(today) && !t.After(today.AddDate(0, 0, MaxInviteDays))
}
