package export

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/validate"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

// WriteAnnotated writes a copy of an .xlsx for an assistant: every problem
// cell filled in the error or warning colour with a comment holding the
// message, and a Problems sheet listing every issue with a link to its cell.
// The marks change no value, so the copy validates as the original does,
// except that a formula calling another program or workbook (DDE) is not
// kept live: it becomes the text of its cached value.
func WriteAnnotated(source, target, sheet string, issues []validate.Issue) error {
	f, err := excelize.OpenFile(source, workbook.ExcelizeOptions())
	if err != nil {
		return fmt.Errorf("export: opening %s: %w", source, err)
	}
	defer f.Close()
	if err := neutraliseCallsOut(f, sheet); err != nil {
		return fmt.Errorf("export: %w", err)
	}
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
	for cell, text := range comments {
		if err := f.SetCellStyle(sheet, cell, cell, styles[worst[cell]]); err != nil {
			return err
		}
		if err := f.AddComment(sheet, excelize.Comment{Cell: cell, Author: "Mass Client Uploader",
			Paragraph: []excelize.RichTextRun{{Text: text}}}); err != nil {
			return err
		}
	}
	const problems = "Problems"
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
	for i, is := range issues {
		r := i + 2
		values := []any{is.Severity, is.Row, is.Column, is.Code, SafeText(is.Value), SafeText(is.Message)}
		if err := f.SetSheetRow(problems, fmt.Sprintf("A%d", r), &values); err != nil {
			return err
		}
		if is.Row >= 1 && is.Column != "" {
			link := fmt.Sprintf("'%s'!%s%d", sheet, is.Column, is.Row)
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

// neutraliseCallsOut replaces every formula of the sheet that calls another
// program or workbook with the text of its cached value, so that the copy
// the app writes runs nothing when it is opened.
func neutraliseCallsOut(f *excelize.File, sheet string) error {
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return err
	}
	for r, row := range rows {
		for c := range row {
			name, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return err
			}
			formula, err := f.GetCellFormula(sheet, name)
			if err != nil || formula == "" || !workbook.CallsOut(formula) {
				continue
			}
			if err := f.SetCellFormula(sheet, name, ""); err != nil {
				return err
			}
			if err := f.SetCellStr(sheet, name, SafeText(row[c])); err != nil {
				return err
			}
		}
	}
	return nil
}
