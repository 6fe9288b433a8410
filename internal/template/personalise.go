package template

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/rules"
)

// lastRow bounds the dropdowns: the whole sheet below the header.
const lastRow = 1048576

// ChoiceSeparator joins a report ID and its name in a dropdown entry
// ("1001 — Communication DNA Discovery"); validation reads the ID before it.
const ChoiceSeparator = " — "

// ReportChoice is a report as a dropdown lists it.
func ReportChoice(r platform.Report) string {
	return fmt.Sprintf("%d%s%s", r.ID, ChoiceSeparator, r.Name)
}

// Personalise adds to a template workbook (the platform's bytes) a hidden Lists
// sheet and dropdowns on E, F and G that offer only what the group allows: its
// available reports of each process, and the languages they can be taken in.
func Personalise(data []byte, g platform.Group, catalog []platform.Report) ([]byte, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 64 << 20})
	if err != nil {
		return nil, fmt.Errorf("template: reading the platform's template: %w", err)
	}
	defer f.Close()
	if idx, _ := f.GetSheetIndex(ClientsSheet); idx < 0 {
		return nil, fmt.Errorf("template: the platform's template has no %s sheet", ClientsSheet)
	}
	if idx, _ := f.GetSheetIndex(ListsSheet); idx >= 0 {
		if err := f.DeleteSheet(ListsSheet); err != nil {
			return nil, fmt.Errorf("template: %w", err)
		}
	}
	if _, err := f.NewSheet(ListsSheet); err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	lists := GroupChoices(g, catalog)
	columns := []struct {
		listCol, target, title string
		items                  []string
	}{
		{"A", "E", "Communication DNA report", lists.Communication},
		{"B", "F", "Natural Behavior report", lists.NaturalBehavior},
		{"C", "G", "Language", lists.Languages},
	}
	for _, c := range columns {
		if err := f.SetCellStr(ListsSheet, c.listCol+"1", c.title); err != nil {
			return nil, fmt.Errorf("template: %w", err)
		}
		for i, item := range c.items {
			if err := f.SetCellStr(ListsSheet, fmt.Sprintf("%s%d", c.listCol, i+2), item); err != nil {
				return nil, fmt.Errorf("template: %w", err)
			}
		}
		if len(c.items) == 0 {
			continue // the group allows no report of this process: no dropdown to offer
		}
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", c.target, c.target, lastRow))
		dv.SetSqrefDropList(fmt.Sprintf("%s!$%s$2:$%s$%d", ListsSheet, c.listCol, c.listCol, len(c.items)+1))
		dv.SetInput(c.title, "Pick one that "+g.Name+" allows, or leave empty.")
		dv.SetError(excelize.DataValidationErrorStyleWarning, c.title,
			"This is not one of the choices "+g.Name+" allows. Mass Client Uploader will check it.")
		if err := f.AddDataValidation(ClientsSheet, dv); err != nil {
			return nil, fmt.Errorf("template: adding the %s dropdown: %w", c.title, err)
		}
	}
	if err := f.SetColWidth(ListsSheet, "A", "C", 44); err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	if err := f.SetSheetVisible(ListsSheet, false); err != nil {
		return nil, fmt.Errorf("template: hiding %s: %w", ListsSheet, err)
	}
	if idx, _ := f.GetSheetIndex(ClientsSheet); idx >= 0 {
		f.SetActiveSheet(idx)
	}
	line := fmt.Sprintf("Prepared for the group %s (ID %d): the dropdowns in columns E, F and G list what it allows.", g.Name, g.ID)
	if err := f.SetCellStr(InstructionsSheet, "A2", line); err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("template: writing: %w", err)
	}
	return buf.Bytes(), nil
}

// Choices are what a group's dropdowns offer.
type Choices struct {
	Communication, NaturalBehavior []string // "1001 — Communication DNA Discovery"
	Languages                      []string // English names
}

// GroupChoices lists a group's available reports per process, and the languages
// at least one of them supports.
func GroupChoices(g platform.Group, catalog []platform.Report) Choices {
	var c Choices
	langs := map[string]bool{}
	for _, r := range catalog {
		if !g.AllowsReport(r.ID) || !r.Available {
			continue
		}
		switch r.Process {
		case platform.ProcessCommunicationDNA:
			c.Communication = append(c.Communication, ReportChoice(r))
		case platform.ProcessNaturalBehavior:
			c.NaturalBehavior = append(c.NaturalBehavior, ReportChoice(r))
		}
		for _, l := range r.Languages {
			langs[l] = true
		}
	}
	for _, l := range rules.Languages {
		if langs[l.Code] {
			c.Languages = append(c.Languages, l.Name)
		}
	}
	return c
}

// ParseChoice reads the report ID at the start of a dropdown entry.
func ParseChoice(s string) string {
	if id, _, ok := strings.Cut(s, ChoiceSeparator); ok {
		return strings.TrimSpace(id)
	}
	return s
}
