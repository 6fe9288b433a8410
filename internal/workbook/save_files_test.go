//go:build !windows

package workbook_test

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

// savedWorkbook writes a 0644 template with five clients and returns its path
// and SHA-256, with the usual umask 022 for the test.
func savedWorkbook(t *testing.T) (string, string) {
	t.Helper()
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
	path := filepath.Join(t.TempDir(), "c.xlsx")
	if err := fixtures.WriteXLSX(path, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: fixtures.Clients(5)},
		fixtures.Options{Version: template.Version}); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	sha, err := workbook.SHA256(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, sha
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// Issue 12 item 11, issue 14 item 17: Save kept a 0644 workbook 0644 (it made
// it 0755), and followed symlinks planted at its fixed .bak and .saving.xlsx
// names.
func TestSaveEditsFiles(t *testing.T) {
	for _, planted := range []string{".bak", ".saving.xlsx"} {
		t.Run("symlink at "+planted, func(t *testing.T) {
			path, sha := savedWorkbook(t)
			victim := filepath.Join(t.TempDir(), "victim.txt")
			if err := os.WriteFile(victim, []byte("precious"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(victim, path+planted); err != nil {
				t.Fatal(err)
			}
			if _, err := workbook.SaveEdits(path, "Clients", sha, []workbook.CellEdit{{Cell: "C3", Value: "fixed@example.com"}}, nil); err != nil {
				t.Fatal(err)
			}
			if b, _ := os.ReadFile(victim); string(b) != "precious" {
				t.Fatalf("the symlink's target was overwritten (%d bytes)", len(b))
			}
			if fi, err := os.Lstat(path + planted); err != nil || fi.Mode()&os.ModeSymlink == 0 {
				t.Fatalf("the planted symlink was replaced: %v", err)
			}
		})
	}
	for _, m := range []struct{ before, after os.FileMode }{{0o644, 0o644}, {0o600, 0o600}, {0o755, 0o644}} {
		t.Run(fmt.Sprintf("mode %04o is %04o after Save", m.before, m.after), func(t *testing.T) {
			path, sha := savedWorkbook(t)
			if err := os.Chmod(path, m.before); err != nil {
				t.Fatal(err)
			}
			if _, err := workbook.SaveEdits(path, "Clients", sha, []workbook.CellEdit{{Cell: "C3", Value: "fixed@example.com"}}, nil); err != nil {
				t.Fatal(err)
			}
			if st, _ := os.Stat(path); st.Mode().Perm() != m.after {
				t.Fatalf("mode after Save %04o, want %04o", st.Mode().Perm(), m.after)
			}
			if names := dirNames(t, filepath.Dir(path)); len(names) != 1 {
				t.Fatalf("files left beside the workbook: %v", names)
			}
		})
	}
	t.Run("a failed save leaves the file and nothing else", func(t *testing.T) {
		path, sha := savedWorkbook(t)
		_, err := workbook.SaveEdits(path, "Clients", sha, []workbook.CellEdit{{Cell: "C3", Value: "x@example.com"}, {Cell: "not a cell", Value: "x"}}, nil)
		if err == nil {
			t.Fatal("an edit of a cell that does not exist saved")
		}
		if now, _ := workbook.SHA256(path); now != sha {
			t.Fatal("the workbook changed")
		}
		if names := dirNames(t, filepath.Dir(path)); len(names) != 1 {
			t.Fatalf("files left beside the workbook: %v", names)
		}
	})
}

// Issue 12 item 10: an edit that reads as a formula is written guarded, and
// reads back as typed.
func TestSaveEditsGuardsFormulaText(t *testing.T) {
	path, sha := savedWorkbook(t)
	if _, err := workbook.SaveEdits(path, "Clients", sha, []workbook.CellEdit{{Cell: "A3", Value: "=cmd|'/c calc'!A1"}}, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, _ := f.GetCellValue("Clients", "A3")
	formula, _ := f.GetCellFormula("Clients", "A3")
	if v != "'=cmd|'/c calc'!A1" || formula != "" {
		t.Fatalf("A3 = %q, formula %q", v, formula)
	}
	if workbook.Unquote(v) != "=cmd|'/c calc'!A1" {
		t.Fatal("does not read back")
	}
}
