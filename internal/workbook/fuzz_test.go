package workbook_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

// FuzzRead feeds arbitrary bytes to the reader as an .xlsx and as a .csv: it
// may refuse them, with a FileError, but never panic or hang.
func FuzzRead(f *testing.F) {
	dir := f.TempDir()
	seed := filepath.Join(dir, "seed.xlsx")
	if err := fixtures.WriteXLSX(seed, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: fixtures.Clients(3)}, fixtures.Options{Version: template.Version}); err != nil {
		f.Fatal(err)
	}
	data, _ := os.ReadFile(seed)
	f.Add(data)
	f.Add([]byte("First Name,Last Name,Email\nAda,L,a@b.c\n"))
	f.Add([]byte("\ufeffFirst Name;Last Name;Email Address;Report ID 1\n\"A\"\"\";B;c;1001\n"))
	f.Add(bytes.Repeat([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, 64))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		for _, name := range []string{"f.xlsx", "f.csv"} {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			r, err := workbook.Open(path)
			if err != nil {
				var fe *workbook.FileError
				if !errors.As(err, &fe) || fe.Message == "" {
					t.Fatalf("%s: not a FileError: %v", name, err)
				}
				continue
			}
			for range 10000 {
				if _, err := r.Next(); err != nil {
					var fe *workbook.FileError
					if !errors.Is(err, io.EOF) && !errors.As(err, &fe) {
						t.Fatalf("%s: not a FileError: %v", name, err)
					}
					break
				}
			}
			r.Close()
		}
	})
}
