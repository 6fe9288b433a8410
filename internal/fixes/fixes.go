// Package fixes proposes one-click fixes for issues whose right answer is
// certain or nearly so. A fix is only a proposal: the app shows it before it is
// applied, and an applied fix is an ordinary (undoable) edit.
package fixes

import (
	"strings"

	"github.com/dnaplatform/massuploader/internal/rules"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

// Kinds of fix, for "Fix all of this kind".
const (
	RemoveHidden   = "remove_hidden"
	RemoveExisting = "remove_existing"
	CollapseSpaces = "collapse_spaces"
	LowerDomain    = "lower_domain"
	EmailTypo      = "email_typo"
	LanguageCode   = "language_code"
	MoveReport     = "move_report"
)

// Change is one cell's new value, or (Remove) the removal of its row.
type Change struct {
	Row    int
	Field  template.Field
	New    string
	Remove bool
}

// Fix is a proposed change, said for the user.
type Fix struct {
	Kind    string
	Label   string // "Remove U+200B ZERO WIDTH SPACE"
	Certain bool   // false for guesses (e-mail typos): never applied without a look
	Changes []Change
}

// For proposes a fix for an issue of a row, or ok=false.
func For(is validate.Issue, row workbook.Row) (Fix, bool) {
	f, ok := fieldOf(is.Field)
	if !ok {
		return Fix{}, false
	}
	return At(is, f, row)
}

// At proposes a fix for an issue already located in field f of row (the
// application core locates issues once, for the table and the fixes alike).
func At(is validate.Issue, f template.Field, row workbook.Row) (Fix, bool) {
	value := row.Cells[f].Value
	switch is.Code {
	case validate.CodeInvalidCharacters:
		if cleaned := removeHidden(value); cleaned != value {
			return single(RemoveHidden, "Remove the invisible characters", true, is.Row, f, cleaned), true
		}
	case validate.CodeInvalidEmail:
		if s, ok := suggestEmail(value); ok {
			return single(EmailTypo, "Change to "+s+"?", false, is.Row, f, s), true
		}
	case validate.CodeInvalidLanguage:
		if code, ok := nativeLanguage(value); ok {
			return single(LanguageCode, "Use "+code+" ("+rules.LanguageName(code)+")", true, is.Row, f, code), true
		}
	case validate.CodeUserExists:
		return Fix{Kind: RemoveExisting, Label: "Remove this row: the client already exists on the platform", Certain: true,
			Changes: []Change{{Row: is.Row, Remove: true}}}, true
	case validate.CodeReportWrongColumn:
		other := template.NaturalBehaviorReport
		if f == template.NaturalBehaviorReport {
			other = template.CommunicationReport
		}
		if row.Cells[other].Value == "" && value != "" {
			return Fix{Kind: MoveReport, Label: "Move " + value + " to column " + template.Columns[other].Letter, Certain: true,
				Changes: []Change{{Row: is.Row, Field: f}, {Row: is.Row, Field: other, New: value}}}, true
		}
	}
	return Fix{}, false
}

// Tidy proposes the fixes that need no issue: collapsing runs of spaces in
// names, lower-casing e-mail domains, language names written as codes.
func Tidy(row workbook.Row) []Fix {
	var out []Fix
	if lang := row.Cells[template.Language].Value; lang != "" {
		if code, ok := rules.LanguageCode(lang); ok && code != lang {
			out = append(out, single(LanguageCode, "Write the language as its code", true, row.Line, template.Language, code))
		}
	}
	for _, f := range []template.Field{template.FirstName, template.LastName} {
		v := row.Cells[f].Value
		if c := strings.Join(strings.Fields(v), " "); c != v {
			out = append(out, single(CollapseSpaces, "Collapse the spaces in "+f.Header(), true, row.Line, f, c))
		}
	}
	email := row.Cells[template.Email].Value
	if local, domain, ok := strings.Cut(email, "@"); ok && domain != strings.ToLower(domain) {
		out = append(out, single(LowerDomain, "Write the e-mail domain in lower case", true, row.Line, template.Email, local+"@"+strings.ToLower(domain)))
	}
	return out
}

func single(kind, label string, certain bool, row int, f template.Field, v string) Fix {
	return Fix{Kind: kind, Label: label, Certain: certain, Changes: []Change{{Row: row, Field: f, New: v}}}
}

func fieldOf(key string) (template.Field, bool) {
	for _, c := range template.Columns {
		if c.Key == key {
			return c.Field, true
		}
	}
	return 0, false
}

func removeHidden(s string) string {
	return strings.Map(func(r rune) rune {
		if rules.IsHidden(r) {
			return -1
		}
		return r
	}, s)
}

// domainTypos are frequent misspellings of the largest mail providers.
var domainTypos = map[string]string{
	"gmial.com": "gmail.com", "gmai.com": "gmail.com", "gamil.com": "gmail.com", "gmail.con": "gmail.com",
	"gmail.cmo": "gmail.com", "gmail.co": "gmail.com", "gmaill.com": "gmail.com", "gmail": "gmail.com",
	"hotmial.com": "hotmail.com", "hotmal.com": "hotmail.com", "hotmail.con": "hotmail.com", "hotmail": "hotmail.com",
	"outlok.com": "outlook.com", "outloo.com": "outlook.com", "outlook.con": "outlook.com", "outlook": "outlook.com",
	"yaho.com": "yahoo.com", "yahooo.com": "yahoo.com", "yahoo.con": "yahoo.com", "yahoo": "yahoo.com",
	"iclod.com": "icloud.com", "icloud.con": "icloud.com",
}

// suggestEmail guesses the address meant: a known domain typo, or stray
// spaces and a trailing dot removed.
func suggestEmail(s string) (string, bool) {
	c := strings.TrimSuffix(strings.ReplaceAll(s, " ", ""), ".")
	local, domain, ok := strings.Cut(c, "@")
	if !ok {
		return "", false
	}
	if fixed, known := domainTypos[strings.ToLower(domain)]; known {
		c = local + "@" + fixed
	}
	if c != s && rules.ValidEmail(c) {
		return c, true
	}
	return "", false
}

// nativeLanguage reads a language written in its own name.
func nativeLanguage(s string) (string, bool) {
	names := map[string]string{
		"español": "es", "espanol": "es", "castellano": "es", "deutsch": "de", "français": "fr", "francais": "fr",
		"中文": "zh", "汉语": "zh", "普通话": "zh", "português": "pt", "portugues": "pt", "日本語": "ja", "nihongo": "ja",
		"eng": "en", "en-us": "en", "en-gb": "en", "es-es": "es", "es-mx": "es", "pt-br": "pt", "de-de": "de", "fr-fr": "fr",
	}
	code, ok := names[strings.ToLower(strings.TrimSpace(s))]
	return code, ok
}
