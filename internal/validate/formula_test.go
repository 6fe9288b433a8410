package validate

import (
	"strings"
	"testing"

	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

func TestFormulaCellsAreJudged(t *testing.T) {
	cases := []struct {
		name    string
		field   template.Field
		value   string
		formula workbook.Formula
		want    string // codes, "" for none
		message string
	}{
		{"calculated counts by its value", template.Email, "ada5@example.com", workbook.Calculated, "", ""},
		{"never calculated is not empty", template.Email, "", workbook.Uncalculated, "unreadable_file@5C", "C5 holds a formula that was never calculated"},
		{"never calculated, optional column", template.Reference, "", workbook.Uncalculated, "unreadable_file@5I", "open the file in excel and save it"},
		{"DDE with a harmless value", template.FirstName, "Ada", workbook.External, "unreadable_file@5A", "calls another program"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			row := with(5, c.field, c.value)
			row.Cells[c.field].Formula = c.formula
			_, issues := NewChecker(ctxFor(101), currentHeader()).Row(row)
			if got := codesOf(issues); got != c.want {
				t.Fatalf("codes %q, want %q", got, c.want)
			}
			if c.message != "" && !strings.Contains(strings.ToLower(issues[0].Message), strings.ToLower(c.message)) {
				t.Fatalf("message %q", issues[0].Message)
			}
		})
	}
}
