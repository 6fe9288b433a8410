// Package validate checks a filled import file against the template's rules,
// the chosen group and the report catalog (SPEC §3), row by row as the file
// streams, and re-checks single rows when a cell changes.
package validate

import (
	"cmp"
	"slices"
)

// Severities.
const (
	Error   = "error"
	Warning = "warning"
)

// Issue codes (SPEC §3).
const (
	CodeUnreadableFile          = "unreadable_file"
	CodeMissingSheet            = "missing_sheet"
	CodeMissingColumn           = "missing_column"
	CodeUnknownColumn           = "unknown_column"
	CodeTemplateOutdated        = "template_outdated"
	CodeEmptyFile               = "empty_file"
	CodeTooFewRows              = "too_few_rows"
	CodeSplitImport             = "split_import"
	CodeCompletionAlertsMissing = "completion_alerts_missing"
	CodeExistingNotChecked      = "existing_not_checked"
	CodeRequired                = "required"
	CodeNoReport                = "no_report"
	CodeTooLong                 = "too_long"
	CodeInvalidCharacters       = "invalid_characters"
	CodeInvalidEmail            = "invalid_email"
	CodeInvalidUsername         = "invalid_username"
	CodeDuplicateInFile         = "duplicate_in_file"
	CodeUserExists              = "user_exists"
	CodeReportUnknown           = "report_unknown"
	CodeReportWrongColumn       = "report_wrong_column"
	CodeReportNotAllowed        = "report_not_allowed"
	CodeReportUnavailable       = "report_unavailable"
	CodeInvalidLanguage         = "invalid_language"
	CodeLanguageNotSupported    = "language_not_supported"
	CodeInvalidDate             = "invalid_date"
	CodeDateOutOfRange          = "date_out_of_range"
)

// Issue is one problem found in a file, a row or a cell.
type Issue struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Row      int    `json:"row"`    // spreadsheet row (header = 1); 0 for the file or the group
	Column   string `json:"column"` // letter in the user's file; "" for file or group issues
	Field    string `json:"field"`
	Value    string `json:"value"`
	Message  string `json:"message"`
}

// compareColumns orders column letters as a spreadsheet does: Z before AA.
func compareColumns(a, b string) int {
	if c := cmp.Compare(len(a), len(b)); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

// Compare orders issues by row, column, code.
func Compare(a, b Issue) int {
	if c := cmp.Compare(a.Row, b.Row); c != 0 {
		return c
	}
	if c := compareColumns(a.Column, b.Column); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Code, b.Code); c != 0 {
		return c
	}
	return cmp.Compare(a.Value, b.Value)
}

// Sort orders issues by row, column, code.
func Sort(issues []Issue) { slices.SortStableFunc(issues, Compare) }

// Counts summarises a list of issues.
type Counts struct {
	Errors, Warnings int
	RowsWithErrors   int
}

// Count counts errors, warnings and the rows holding errors.
func Count(issues []Issue) Counts {
	var c Counts
	lastRow := -1
	for _, is := range issues {
		if is.Severity == Error {
			c.Errors++
			if is.Row > 0 && is.Row != lastRow {
				c.RowsWithErrors++
				lastRow = is.Row
			}
		} else {
			c.Warnings++
		}
	}
	return c
}
