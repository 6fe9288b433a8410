package template

import (
	"bytes"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteGeneric writes the template that fits every group: no report lists.
func WriteGeneric(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := build(f); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("template: writing the workbook: %w", err)
	}
	return nil
}

// Generic returns the generic template's bytes.
func Generic() ([]byte, error) {
	var buf bytes.Buffer
	if err := WriteGeneric(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func build(f *excelize.File) error {
	if err := f.SetSheetName("Sheet1", InstructionsSheet); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	if _, err := f.NewSheet(ClientsSheet); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	if err := writeInstructions(f); err != nil {
		return err
	}
	if err := writeClientsSheet(f); err != nil {
		return err
	}
	if err := f.SetCustomProps(excelize.CustomProperty{Name: VersionProperty, Value: Version}); err != nil {
		return fmt.Errorf("template: setting %s: %w", VersionProperty, err)
	}
	return nil
}

func writeInstructions(f *excelize.File) error {
	lines := InstructionLines()
	for i, line := range lines {
		if err := f.SetCellStr(InstructionsSheet, fmt.Sprintf("A%d", i+1), line); err != nil {
			return fmt.Errorf("template: instructions: %w", err)
		}
	}
	return f.SetColWidth(InstructionsSheet, "A", "A", 110)
}

func writeClientsSheet(f *excelize.File) error {
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("template: %w", err)
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": keep as typed
	if err != nil {
		return fmt.Errorf("template: %w", err)
	}
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return fmt.Errorf("template: %w", err)
	}
	for _, c := range Columns {
		if err := f.SetCellStr(ClientsSheet, c.Letter+"1", c.Header); err != nil {
			return fmt.Errorf("template: header %s: %w", c.Letter, err)
		}
		if err := f.SetColWidth(ClientsSheet, c.Letter, c.Letter, c.Width); err != nil {
			return fmt.Errorf("template: %w", err)
		}
		style := 0
		switch {
		case c.Text:
			style = text
		case c.Field == InviteOn:
			style = date
		}
		if style != 0 {
			if err := f.SetColStyle(ClientsSheet, c.Letter, style); err != nil {
				return fmt.Errorf("template: %w", err)
			}
		}
	}
	if err := f.SetCellStyle(ClientsSheet, "A1", "I1", bold); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	return f.SetPanes(ClientsSheet, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
	})
}

// InstructionLines are the Instructions sheet, one line a row; the first is the
// title with the version.
func InstructionLines() []string {
	lines := []string{
		"Mass Create New Client — template " + Version,
		"",
		"How to use this file",
		"1. Fill one row per new client on the Clients sheet, starting at row 2. Keep the headers in row 1 as they are.",
		"2. Between 5 and 200 clients per file works best. Larger files are sent as several imports.",
		"3. Imports create NEW clients only. A client who already exists on the platform cannot be scheduled from this file: schedule them on the platform instead.",
		"4. Open the file in Mass Client Uploader: it checks every cell before anything is sent, and tells you how to fix each problem.",
		"",
		"The columns",
	}
	for _, c := range Columns {
		lines = append(lines, fmt.Sprintf("%s  %s — %s", c.Letter, c.Header, c.Help))
	}
	lines = append(lines,
		"",
		"When the platform says no",
		"“Please provide proper report Ids as per group access setting of Group: …” — a report ID is not allowed in this group: use one of the group's reports in columns E and F.",
		"“User or Username already exists.” — imports create new clients only: remove the row, or schedule the existing client on the platform.",
		"“Object reference not set to an instance of an object” — an unknown platform error, most often a report that is not available for the group: choose another report.",
		"“Completion Alerts are not set for the group you have selected.” — add a completion alert e-mail to the group on the platform, then try again.",
		"“Invalid characters found” — a name holds a character other than letters, spaces, apostrophes, hyphens and periods, or a cell holds an invisible character: retype the cell.",
	)
	return lines
}
