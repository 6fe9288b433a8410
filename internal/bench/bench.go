// Package bench measures reading and validating large files against
// excelize's plain streaming read, for `go test -bench` and cmd/massbench.
package bench

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
)

// Kinds of file measured: inline strings (excelize's StreamWriter, how tools
// write) and a shared-strings table (how Excel and LibreOffice save).
const (
	Inline = "inline"
	Shared = "shared"
)

// File returns the path of a benchmark file of n valid rows, writing it into
// dir the first time.
func File(dir, kind string, n int) (string, error) {
	path := filepath.Join(dir, fmt.Sprintf("bench-%s-%d.xlsx", kind, n))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	err := fixtures.WriteXLSX(path, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: fixtures.Clients(n)},
		fixtures.Options{Version: template.Version, Stream: kind == Inline})
	return path, err
}

// PlainRead reads every row with excelize's streaming Rows(), as excelize's
// documentation shows, and does nothing else.
func PlainRead(path string, raw bool) (int, error) {
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: raw})
	if err != nil {
		return 0, err
	}
	defer f.Close()
	rows, err := f.Rows(template.ClientsSheet)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		if _, err := rows.Columns(); err != nil {
			return n, err
		}
		n++
	}
	return n - 1, rows.Error()
}

// Context is the demo group 101 with the demo catalog.
func Context() validate.Context {
	var g platform.Group
	for _, x := range sandbox.DemoGroups() {
		if x.ID == 101 {
			g = x
		}
	}
	g.MaxClientsPerImport = 1 << 30 // no split_import warning in the measurement
	return validate.Context{Group: g, Reports: sandbox.DemoReports()}
}

// ReadValidate reads and validates a file in one streaming pass.
func ReadValidate(path string) (*validate.Engine, error) {
	e, err := validate.ReadFile(path, Context())
	if err != nil {
		return nil, err
	}
	e.SetExisting(validate.NewExisting(platform.LookupResult{}))
	return e, nil
}
