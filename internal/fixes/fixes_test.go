package fixes

import (
	"testing"

	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

func row(values ...string) workbook.Row {
	r := workbook.Row{Line: 4}
	for i, v := range values {
		r.Cells[i] = workbook.Cell{Value: v, Col: template.Columns[i].Letter}
	}
	return r
}

func TestFixes(t *testing.T) {
	cases := []struct {
		code, field string
		row         workbook.Row
		want        string // field=value, …
		certain     bool
	}{
		{validate.CodeInvalidCharacters, "first_name", row("Ad\u200ba"), "first_name=Ada", true},
		{validate.CodeInvalidEmail, "email", row("A", "B", "ann@gmial.com"), "email=ann@gmail.com", false},
		{validate.CodeInvalidEmail, "email", row("A", "B", "ann@outlok.com."), "email=ann@outlook.com", false},
		{validate.CodeInvalidLanguage, "language", row("A", "B", "c@d.ef", "", "", "", "Español"), "language=es", true},
		{validate.CodeReportWrongColumn, "communication_report_id", row("A", "B", "c@d.ef", "", "2001", ""),
			"communication_report_id= natural_behavior_report_id=2001", true},
	}
	for _, tc := range cases {
		fx, ok := For(validate.Issue{Code: tc.code, Field: tc.field, Row: 4}, tc.row)
		if !ok {
			t.Errorf("%s: no fix", tc.code)
			continue
		}
		got := ""
		for _, c := range fx.Changes {
			if got != "" {
				got += " "
			}
			got += c.Field.String() + "=" + c.New
		}
		if got != tc.want || fx.Certain != tc.certain || fx.Label == "" {
			t.Errorf("%s: %q certain=%v, want %q certain=%v", tc.code, got, fx.Certain, tc.want, tc.certain)
		}
	}
	// No fix where the answer is not certain enough.
	if _, ok := For(validate.Issue{Code: validate.CodeInvalidEmail, Field: "email"}, row("A", "B", "nothing-like-it")); ok {
		t.Error("a guess without ground")
	}
	if _, ok := For(validate.Issue{Code: validate.CodeReportWrongColumn, Field: "communication_report_id"}, row("A", "B", "c@d.ef", "", "2001", "2002")); ok {
		t.Error("moving onto a filled cell")
	}
	if fx, ok := For(validate.Issue{Code: validate.CodeUserExists, Field: "email", Row: 4}, row("A", "B", "c@d.ef")); !ok ||
		len(fx.Changes) != 1 || !fx.Changes[0].Remove || fx.Changes[0].Row != 4 {
		t.Fatalf("remove existing: %+v", fx)
	}
	tidy := Tidy(row("Mary   Ann", "Smith", "x@Example.COM", "", "", "", "Spanish"))
	if len(tidy) != 3 || tidy[0].Changes[0].New != "es" || tidy[1].Changes[0].New != "Mary Ann" || tidy[2].Changes[0].New != "x@example.com" {
		t.Fatalf("%+v", tidy)
	}
}
