//go:build !windows

package export

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/dnaplatform/massuploader/internal/bench"
	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
)

// Issue 12 item 11: the results, the retry file and the marked export are
// written through a temporary file of an unpredictable name: a symlink planted
// at the old fixed name (… .part.xlsx) is not followed, the files are 0644,
// and a failed write leaves nothing behind.
func TestExportFiles(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	sub, rows := sample()
	tpl, err := template.Generic()
	if err != nil {
		t.Fatal(err)
	}
	writers := []struct {
		name  string
		write func(dir, path string) error
	}{
		{"results", func(_, path string) error { return WriteResults(path, sub, rows) }},
		{"retry", func(_, path string) error { _, err := WriteRetry(path, tpl, rows); return err }},
		{"marked export", func(dir, path string) error {
			src := filepath.Join(dir, "src.xlsx")
			if err := fixtures.WriteXLSX(src, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: fixtures.Clients(3)},
				fixtures.Options{Version: template.Version}); err != nil {
				return err
			}
			e, err := validate.ReadFile(src, bench.Context())
			if err != nil {
				return err
			}
			return WriteAnnotated(src, path, "Clients", e.Issues())
		}},
	}
	for _, w := range writers {
		t.Run(w.name+": a planted symlink is not followed", func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.xlsx")
			victim := filepath.Join(t.TempDir(), "victim.txt")
			if err := os.WriteFile(victim, []byte("precious"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(victim, path+".part.xlsx"); err != nil {
				t.Fatal(err)
			}
			if err := w.write(dir, path); err != nil {
				t.Fatal(err)
			}
			if b, _ := os.ReadFile(victim); string(b) != "precious" {
				t.Fatalf("the symlink's target was overwritten (%d bytes)", len(b))
			}
			st, err := os.Lstat(path)
			if err != nil || !st.Mode().IsRegular() || st.Mode().Perm() != 0o644 {
				t.Fatalf("%s: %v, %v; want a regular file, 0644", path, st.Mode(), err)
			}
		})
		t.Run(w.name+": a failed write leaves nothing", func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.xlsx")
			// A folder where the file should go: the rename fails at the end.
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := w.write(dir, path); err == nil {
				t.Fatal("writing over a folder succeeded")
			}
			es, _ := os.ReadDir(dir)
			for _, e := range es {
				if e.Name() != "out.xlsx" && e.Name() != "src.xlsx" {
					t.Errorf("left behind: %s", e.Name())
				}
			}
		})
	}
}
