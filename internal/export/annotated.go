package export

import (
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/cellguard"
	"github.com/dnaplatform/massuploader/internal/validate"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

// WriteAnnotated writes a copy of an .xlsx for an assistant: every problem
// cell filled in the error or warning colour with a comment holding the
// message, and a Problems sheet listing every issue with a link to its cell.
// The marks change no value, so the copy validates as the original does; the
// one exception is a formula that calls another program or file, which the
// copy holds as its last value in text, marked as an error.
func WriteAnnotated(source, target, sheet string, issues []validate.Issue) error {
	f, err := excelize.OpenFile(source, workbook.ExcelizeOptions())
	if err != nil {
		return fmt.Errorf("export: opening %s: %w", source, err)
	}
	defer f.Close()
	disabled, err := disableExternalCalls(f, source)
	if err != nil {
		return fmt.Errorf("export: %s: %w", source, err)
	}
	const problems = "Problems"
	// A Problems sheet of the file's own is replaced below, its cells too.
	disabled = slices.DeleteFunc(disabled, func(d disabledCall) bool { return d.Sheet == problems && d.Cell != "" })
	styles := map[string]int{}
	for sev, color := range map[string]string{validate.Error: "FFC7CE", validate.Warning: "FFEB9C"} {
		id, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}})
		if err != nil {
			return err
		}
		styles[sev] = id
	}
	comments := map[string]string{}
	worst := map[string]string{}
	for _, is := range issues {
		if is.Row < 1 || is.Column == "" {
			continue
		}
		cell := fmt.Sprintf("%s%d", is.Column, is.Row)
		if comments[cell] != "" {
			comments[cell] += "\n"
		}
		comments[cell] += is.Code + ": " + is.Message
		if worst[cell] != validate.Error {
			worst[cell] = is.Severity
		}
	}
	// A disabled formula is marked as an error where it was, on any sheet.
	marks := map[string]map[string]string{sheet: comments}
	for _, d := range disabled {
		if d.Cell == "" {
			continue // a defined name: listed below, no cell to mark
		}
		if marks[d.Sheet] == nil {
			marks[d.Sheet] = map[string]string{}
		}
		text := marks[d.Sheet][d.Cell]
		if text != "" {
			text += "\n"
		}
		marks[d.Sheet][d.Cell] = text + CodeExternalFormula + ": " + disabledMessage(d)
		if d.Sheet == sheet {
			worst[d.Cell] = validate.Error
		}
	}
	for sh, cells := range marks {
		for cell, text := range cells {
			sev := validate.Error
			if sh == sheet {
				sev = worst[cell]
			}
			if err := f.SetCellStyle(sh, cell, cell, styles[sev]); err != nil {
				return err
			}
			if err := f.AddComment(sh, excelize.Comment{Cell: cell, Author: "Mass Client Uploader",
				Paragraph: []excelize.RichTextRun{{Text: text}}}); err != nil {
				return err
			}
		}
	}
	if idx, _ := f.GetSheetIndex(problems); idx >= 0 {
		if err := f.DeleteSheet(problems); err != nil {
			return err
		}
	}
	if _, err := f.NewSheet(problems); err != nil {
		return err
	}
	if err := f.SetSheetRow(problems, "A1", &[]any{"Severity", "Row", "Column", "Code", "Value", "Message"}); err != nil {
		return err
	}
	type problem struct {
		validate.Issue
		sheet string
	}
	list := make([]problem, 0, len(issues)+len(disabled))
	for _, is := range issues {
		list = append(list, problem{is, sheet})
	}
	for _, d := range disabled {
		col, row, _ := excelize.SplitCellName(d.Cell)
		if d.Cell == "" {
			row = 0 // a defined name: no cell
		}
		list = append(list, problem{validate.Issue{Severity: validate.Error, Row: row, Column: col, Code: CodeExternalFormula,
			Value: "=" + d.Formula, Message: disabledMessage(d)}, d.Sheet})
	}
	for i, p := range list {
		r, is := i+2, p.Issue
		values := cellguard.QuoteAll([]any{is.Severity, is.Row, is.Column, is.Code, is.Value, is.Message})
		if err := f.SetSheetRow(problems, fmt.Sprintf("A%d", r), &values); err != nil {
			return err
		}
		if is.Row >= 1 && is.Column != "" {
			link := fmt.Sprintf("'%s'!%s%d", strings.ReplaceAll(p.sheet, "'", "''"), is.Column, is.Row)
			if err := f.SetCellHyperLink(problems, fmt.Sprintf("C%d", r), link, "Location"); err != nil {
				return err
			}
		}
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	if err := f.SetColStyle(problems, "F", wrap); err != nil {
		return err
	}
	if err := f.SetColWidth(problems, "F", "F", 80); err != nil {
		return err
	}
	return save(f, target)
}

func disabledMessage(d disabledCall) string {
	if d.Name != "" {
		return fmt.Sprintf("The defined name %s (scope %s) refers to =%s, which calls another program or file, so this copy leaves the name out and cells that used it hold their last value as text. Define it with a formula that uses only this workbook.", d.Name, d.Sheet, d.Formula)
	}
	return fmt.Sprintf("This formula calls another program or file (=%s), so this copy holds its last value, %q, as text. Replace it with the value itself, or a formula that uses only this workbook.", d.Formula, d.Value)
}
