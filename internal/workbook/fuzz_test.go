package workbook_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
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
	// Damaged packages, as the soak test makes them: the corpus starts from
	// the files the strict reader must refuse.
	shared := writeClients(f, 12, false)
	f.Add(editPart(f, shared, sheetPart, func(b []byte) []byte { return b[:len(b)*4/10] }))
	f.Add(lyingSize(f, shared, sheetPart, 100))
	f.Add(lyingSize(f, shared, "xl/sharedStrings.xml", 10))
	r := rand.New(rand.NewPCG(10, 12))
	for range 8 {
		damaged, _ := damage(r, shared)
		f.Add(damaged)
	}
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

// TestWriteFuzzSeeds writes the damaged packages of the seed corpus to
// testdata/fuzz/FuzzRead, so that `go test -fuzz` starts from them too
// (go generate ./internal/workbook). It does nothing in an ordinary run.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("MASSUPLOADER_WRITE_FUZZ_SEEDS") == "" {
		t.Skip("set MASSUPLOADER_WRITE_FUZZ_SEEDS=1 to write the seeds")
	}
	shared := writeClients(t, 12, false)
	seeds := map[string][]byte{
		"damaged-sheet-cut":         editPart(t, shared, sheetPart, func(b []byte) []byte { return b[:len(b)*4/10] }),
		"damaged-sheet-size-lies":   lyingSize(t, shared, sheetPart, 100),
		"damaged-strings-size-lies": lyingSize(t, shared, "xl/sharedStrings.xml", 10),
		"damaged-bad-entity": editPart(t, shared, sheetPart, func(b []byte) []byte {
			return bytes.Replace(b, []byte(`<row r="7"`), []byte(`<row r="7"><c r="A7" t="inlineStr"><is><t>&bogus;</t></is></c></row><row r="8"`), 1)
		}),
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzRead")
	for name, data := range seeds {
		text := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
