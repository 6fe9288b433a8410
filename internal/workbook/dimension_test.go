package workbook_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/dnaplatform/massuploader/internal/workbook"
)

// A file saved by Excel declares its dimension; after the app removes rows
// on save (excelize's RemoveRow), it still reads whole, never as damaged.
func TestSavingWithRemovedRowsKeepsTheFileReadable(t *testing.T) {
	data := editPart(t, writeClients(t, 12, false), sheetPart, func(b []byte) []byte {
		return regexp.MustCompile(`<dimension ref="[^"]*"`).ReplaceAll(b, []byte(`<dimension ref="A1:I13"`))
	})
	path := writeBytes(t, "clients.xlsx", data)
	_, rows := readAll(t, path)
	if len(rows) != 12 {
		t.Fatalf("%d rows before saving", len(rows))
	}
	sha, err := workbook.SHA256(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := workbook.SaveEdits(path, "Clients", sha, nil, []int{5, 13}); err != nil {
		t.Fatal(err)
	}
	_, rows = readAll(t, path)
	if len(rows) != 10 {
		t.Fatalf("%d rows after removing two", len(rows))
	}
	os.Remove(path + ".bak")
}
