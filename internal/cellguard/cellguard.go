// Package cellguard keeps what the app writes into a workbook from running as
// a formula or a command, in the copy it writes and wherever that copy goes
// next (a CSV export, a cell someone re-enters).
package cellguard

import (
	"regexp"
	"strings"
)

// Quote is the one guard for every text the app writes into a cell: text a
// spreadsheet would read as a formula or a command (a leading = + - @, tab or
// carriage return: OWASP's CSV-injection rule) gets a leading apostrophe, the
// spreadsheet convention for "this is text". workbook.Unquote reads it back.
//
// excelize stores strings (SetCellStr, SetCellValue and SetSheetRow of a
// string) as text cells, never as formulas, so the .xlsx itself is safe either
// way; the apostrophe is for what happens to the text after: saved as CSV, or
// edited and confirmed in Excel, =… would become live.
func Quote(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// QuoteAll guards every string of a row of values, leaving numbers alone.
func QuoteAll(values []any) []any {
	for i, v := range values {
		if s, ok := v.(string); ok {
			values[i] = Quote(s)
		}
	}
	return values
}

var (
	// external is a reference into another workbook: [1]Sheet!A1 as stored,
	// or 'C:\dir\[book.xlsx]Sheet'!A1, or a URL.
	external = regexp.MustCompile(`\[[^\[\]]*\][^!,()&+\-*/=<>;^\[\]]*!|(?i)(https?|file|ftp|smb)://|\\\\`)
	// calls are functions that run or reach another program: a DLL, a COM
	// server, a web service, an XLM macro command.
	// futurePrefix is how Excel stores the names of its newer functions
	// (_xlfn.WEBSERVICE, _xlfn._xlws.FILTER): the name behind it decides.
	futurePrefix = regexp.MustCompile(`(?i)_xl(fn|ws)\.`)
	// addIn is a function of an XLL add-in: a DLL's code, run by Excel.
	addIn = regexp.MustCompile(`(?i)(^|[^A-Za-z0-9_.])_xll\.`)
	calls = regexp.MustCompile(`(?i)(^|[^A-Za-z0-9_.])(CALL|REGISTER\.ID|REGISTER|RTD|WEBSERVICE|EXEC|DDE|DDEAUTO|HYPERLINK|FILTERXML|IMPORTDATA|IMPORTXML|IMPORTHTML|IMPORTRANGE|IMPORTFEED|IMAGE)\s*\(`)
)

// ExternalCall says whether a formula (as excelize's GetCellFormula returns
// it, without the leading =) calls another program or reaches outside the
// workbook — DDE, another workbook, a DLL, a web address — and so must never
// stay live in a file the app writes. Text inside "…" literals does not count.
func ExternalCall(formula string) bool {
	f := futurePrefix.ReplaceAllString(stripStrings(formula), "")
	// A | outside a string is DDE, program|topic!item (cmd|'/c calc'!A1):
	// no other formula syntax uses it.
	return strings.Contains(f, "|") || external.MatchString(f) || calls.MatchString(f) || addIn.MatchString(f)
}

// stripStrings blanks out the contents of "…" string literals ("" is an
// escaped quote inside one), so =IF(A1="a|b",…) is not mistaken for DDE.
// Quoted sheet names ('…') are kept: DDE's topic is one ('/c calc').
func stripStrings(f string) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c == '"' {
			if in && i+1 < len(f) && f[i+1] == '"' {
				i++
				continue
			}
			in = !in
			b.WriteByte('"')
			continue
		}
		if !in {
			b.WriteByte(c)
		}
	}
	return b.String()
}
