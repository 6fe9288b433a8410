package workbook

import (
	"path"
	"strings"
)

// SheetPart is a sheet of a workbook and the package part that holds it.
type SheetPart struct{ Name, Part string }

// SheetParts lists, in the workbook's order, each sheet of the .xlsx at p and
// the part that holds it, resolved as excelize resolves them: through the
// workbook part and its relationships, wherever they point (xl/ws/a.xml as
// well as xl/worksheets/sheet1.xml), whatever type the relationship claims.
// A writer that must see every sheet excelize will write finds them here.
func SheetParts(p string) ([]SheetPart, error) {
	pk, err := openPackage(p)
	if err != nil {
		return nil, err
	}
	defer pk.Close()
	refs, _, err := pk.resolveSheets(true)
	if err != nil {
		return nil, err
	}
	out := make([]SheetPart, len(refs))
	for i, r := range refs {
		// excelize reads a\b in a target as a/b.
		out[i] = SheetPart{Name: r.name, Part: path.Clean(strings.ReplaceAll(r.part, `\`, "/"))}
	}
	return out, nil
}
