//go:build !windows

package app

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/template"
)

// Issue 12 item 11, issue 14 item 17: Save as and a saved template are
// written 0644 (Save as made 0755 files), atomically, leaving nothing beside.
func TestSavedFilesAre0644(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	keyring.MockInit()
	dir := t.TempDir()
	t.Setenv("MASSUPLOADER_CONFIG_DIR", filepath.Join(dir, "config"))
	b, err := Open(filepath.Join(dir, "app.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := b.StartDemo(ctx); err != nil {
		t.Fatal(err)
	}
	groups, _, err := b.Groups(ctx)
	if err != nil || len(groups) == 0 {
		t.Fatal(len(groups), err)
	}
	files := filepath.Join(dir, "files")
	if err := os.Mkdir(files, 0o755); err != nil {
		t.Fatal(err)
	}

	t.Run("template", func(t *testing.T) {
		out := filepath.Join(files, "template.xlsx")
		if _, _, err := b.SaveTemplate(ctx, groups[0], out); err != nil {
			t.Fatal(err)
		}
		if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o644 {
			t.Fatalf("%v %v", st.Mode(), err)
		}
	})
	t.Run("save as", func(t *testing.T) {
		src := filepath.Join(files, "clients.xlsx")
		if err := fixtures.WriteXLSX(src, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: fixtures.Clients(3)},
			fixtures.Options{Version: template.Version}); err != nil {
			t.Fatal(err)
		}
		c, err := b.Check(ctx, src, groups[0])
		if err != nil {
			t.Fatal(err)
		}
		if err := c.SetCell(2, template.Email, "fixed@example.com"); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(files, "clients copy.xlsx")
		if _, err := b.SaveEdits(ctx, c, out); err != nil {
			t.Fatal(err)
		}
		if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o644 {
			t.Fatalf("Save as wrote %v %v, want 0644", st.Mode(), err)
		}
	})
	es, _ := os.ReadDir(files)
	for _, e := range es {
		if n := e.Name(); n != "template.xlsx" && n != "clients.xlsx" && n != "clients copy.xlsx" {
			t.Errorf("left behind: %s", n)
		}
	}
}
