package workbook

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/template"
)

// slot says where a column's values go.
type slot int

const (
	slotIgnore slot = -1
	// slotLegacy0 and slotLegacy1 are "Report ID 1" and "Report ID 2".
	slotLegacy0 slot = slot(template.NumFields) + iota
	slotLegacy1
)

func normalHeader(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(Trim(s)), " "))
}

var (
	currentHeaders = map[string]template.Field{}
	legacyHeaders  = map[string]slot{
		"first name":    slot(template.FirstName),
		"last name":     slot(template.LastName),
		"email address": slot(template.Email),
		"username":      slot(template.Username),
		"report id 1":   slotLegacy0,
		"report id 2":   slotLegacy1,
		"language":      slot(template.Language),
	}
)

func init() {
	for _, c := range template.Columns {
		currentHeaders[normalHeader(c.Header)] = c.Field
	}
}

// looksLegacy tells whether a header row is the 2025.02 layout: it has the
// legacy-only headers and none of the current-only ones.
func looksLegacy(headers []string) bool {
	legacyOnly, currentOnly := 0, 0
	for _, h := range headers {
		switch normalHeader(h) {
		case "email address", "report id 1", "report id 2":
			legacyOnly++
		case "email", "communication dna report id", "natural behavior report id":
			currentOnly++
		}
	}
	return legacyOnly > 0 && currentOnly == 0
}

// mapHeader reads a header row into a Header and the slot of each column.
func mapHeader(headers []string, kind string) (Header, []slot) {
	h := Header{Kind: kind, Version: template.Version, Legacy: looksLegacy(headers)}
	if h.Legacy {
		h.Version = template.LegacyVersion
	}
	slots := make([]slot, len(headers))
	seen := map[slot]bool{}
	for i, raw := range headers {
		slots[i] = slotIgnore
		name := normalHeader(raw)
		if name == "" {
			continue
		}
		letter, _ := excelize.ColumnNumberToName(i + 1)
		s, known := slotIgnore, false
		if h.Legacy {
			s, known = legacyHeaders[name]
		} else if f, ok := currentHeaders[name]; ok {
			s, known = slot(f), true
		}
		if !known || seen[s] { // a second column of one header is not read either
			h.Unknown = append(h.Unknown, Column{Letter: letter, Header: Trim(raw)})
			continue
		}
		seen[s] = true
		slots[i] = s
		switch {
		case s == slotLegacy0 || s == slotLegacy1:
			h.LegacyCols[s-slotLegacy0] = letter
		default:
			h.Cols[s] = letter
		}
	}
	for _, f := range []template.Field{template.FirstName, template.LastName, template.Email} {
		if h.Cols[f] == "" {
			h.Missing = append(h.Missing, f)
		}
	}
	if h.Legacy {
		if h.LegacyCols[0] == "" && h.LegacyCols[1] == "" {
			h.Missing = append(h.Missing, template.CommunicationReport) // said as "Report ID 1"
		}
	} else if h.Cols[template.CommunicationReport] == "" && h.Cols[template.NaturalBehaviorReport] == "" {
		h.Missing = append(h.Missing, template.CommunicationReport, template.NaturalBehaviorReport)
	}
	return h, slots
}

// fill puts a record's values into a row by the header's slots.
func fill(row *Row, values []string, slots []slot, cols []string) {
	for i, v := range values {
		if i >= len(slots) || slots[i] == slotIgnore {
			continue
		}
		c := Cell{Value: Unquote(Trim(v)), Col: cols[i]}
		if s := slots[i]; s >= slotLegacy0 {
			row.LegacyReports[s-slotLegacy0] = c
		} else {
			row.Cells[s] = c
		}
	}
}

// Unquote drops the apostrophe that files written by this app (and people
// following the spreadsheet convention) put before text that would otherwise
// read as a formula: '=SUM… is the text =SUM….
func Unquote(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// columnLetters returns A, B, … for n columns.
func columnLetters(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i], _ = excelize.ColumnNumberToName(i + 1)
	}
	return out
}
