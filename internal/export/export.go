// Package export writes the workbooks the app hands back to people: the
// results of a submission, and the retry file of its failed rows. Every text
// cell is written so that a spreadsheet shows it as text and never runs it as a
// formula.
package export

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/atomicfile"
	"github.com/dnaplatform/massuploader/internal/cellguard"
	"github.com/dnaplatform/massuploader/internal/outbox"
	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

// Fix says what to do about a row's outcome (SPEC §3).
func Fix(code string) string {
	switch code {
	case "":
		return ""
	case platform.CodeUserExists:
		return "Imports create new clients only: remove the row, or schedule the existing client on the platform."
	case platform.CodeReportNotAllowed:
		return "Use a report this group allows (review columns E and F), then send the retry file."
	case platform.CodeInternalError:
		return "An unknown platform error, most often a report that is not available for the group: choose another report, then send the retry file."
	case platform.CodeCompletionAlertsMissing:
		return "Add a completion alert e-mail to the group on the platform, then send the retry file."
	case platform.CodeInvalidCharacters:
		return "Retype the names with letters, spaces, apostrophes, hyphens and periods only, and remove invisible characters; then send the retry file."
	case "outcome_unknown":
		return "Check on the platform whether this client exists before sending the row again."
	}
	return "Fix the row as the error says, then send the retry file."
}

// statusText is how a row's outcome reads in the results.
func statusText(s string) string {
	switch s {
	case outbox.RowCreated:
		return "Created"
	case outbox.RowFailed:
		return "Failed"
	case outbox.RowNotSent:
		return "Not sent"
	}
	return "Pending"
}

// ResultsPath is where the results of a source file go: beside it.
func ResultsPath(source string) string {
	ext := filepath.Ext(source)
	return strings.TrimSuffix(source, ext) + " - results.xlsx"
}

// RetryPath is where the retry file of a source file goes: beside it.
func RetryPath(source string) string {
	ext := filepath.Ext(source)
	return strings.TrimSuffix(source, ext) + " - retry.xlsx"
}

// WriteResults writes a workbook of every row: the file's values, then Status,
// Client ID, Error and Fix.
func WriteResults(path string, sub outbox.Submission, rows []outbox.RowResult) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Results"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	headers := []any{"Row"}
	for _, c := range template.Columns {
		headers = append(headers, c.Header)
	}
	headers = append(headers, "Status", "Client ID", "Error", "Fix")
	if err := f.SetSheetRow(sheet, "A1", &headers); err != nil {
		return err
	}
	styles, err := resultStyles(f)
	if err != nil {
		return err
	}
	for i, r := range rows {
		values := []any{r.Row}
		for c := range template.Columns {
			v := ""
			if c < len(r.Original) {
				v = r.Original[c]
			}
			values = append(values, v)
		}
		msg := r.ErrorMessage
		if r.ErrorCode != "" && msg != "" {
			msg = r.ErrorCode + ": " + msg
		}
		// Every text is guarded, the platform's too: a client ID is its words.
		values = cellguard.QuoteAll(append(values, statusText(r.Status), r.ClientID, msg, Fix(r.ErrorCode)))
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &values); err != nil {
			return err
		}
		statusCell, _ := excelize.CoordinatesToCellName(len(template.Columns)+2, i+2)
		if err := f.SetCellStyle(sheet, statusCell, statusCell, styles[r.Status]); err != nil {
			return err
		}
	}
	summary := fmt.Sprintf("%s → %s (group %d), submitted %s", sub.FileName, sub.GroupName, sub.GroupID, sub.CreatedAt.Local().Format("2006-01-02 15:04"))
	if _, err := f.NewSheet("About"); err != nil {
		return err
	}
	if err := f.SetCellStr("About", "A1", cellguard.Quote(summary)); err != nil {
		return err
	}
	for i, c := range sub.Chunks {
		line := fmt.Sprintf("Part %d: %s, import %s, %d created, %d failed %s", c.Seq+1, c.State, c.ImportID, c.Created, c.Failed, c.ErrorMessage)
		if err := f.SetCellStr("About", fmt.Sprintf("A%d", i+3), cellguard.Quote(strings.TrimSpace(line))); err != nil {
			return err
		}
	}
	last, _ := excelize.ColumnNumberToName(len(headers))
	if err := f.SetColWidth(sheet, "B", last, 18); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return save(f, path)
}

func resultStyles(f *excelize.File) (map[string]int, error) {
	out := map[string]int{}
	for status, color := range map[string]string{
		outbox.RowCreated: "C6EFCE", outbox.RowFailed: "FFC7CE", outbox.RowNotSent: "FFEB9C", outbox.RowPending: "EDEDED",
	} {
		id, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}})
		if err != nil {
			return nil, err
		}
		out[status] = id
	}
	return out, nil
}

// WriteRetry writes a new template-shaped workbook (the template's bytes, as
// the platform serves it) holding only the rows that did not get created, at
// their own row numbers' order, ready to fix and submit.
func WriteRetry(path string, templateData []byte, rows []outbox.RowResult) (int, error) {
	f, err := excelize.OpenReader(bytes.NewReader(templateData), workbook.ExcelizeOptions())
	if err != nil {
		return 0, fmt.Errorf("export: reading the template: %w", err)
	}
	defer f.Close()
	n := 0
	for _, r := range rows {
		if r.Status == outbox.RowCreated {
			continue
		}
		values := make([]any, len(template.Columns))
		for c := range values {
			if c < len(r.Original) {
				values[c] = cellguard.Quote(r.Original[c])
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := f.SetSheetRow(template.ClientsSheet, cell, &values); err != nil {
			return 0, err
		}
		n++
	}
	return n, save(f, path)
}

// save writes the workbook atomically, mode 0644: a failure never leaves half a
// file where a good one was, nor a temporary file beside it.
func save(f *excelize.File, path string) error {
	err := atomicfile.Write(path, atomicfile.Mode, func(w io.Writer) error {
		_, err := f.WriteTo(w)
		return err
	})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
