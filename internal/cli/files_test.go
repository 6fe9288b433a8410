//go:build !windows

package cli

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Issue 12 item 11: `template -o` writes a file people open, 0644 (it was the
// 0600 of its temporary file), and leaves nothing beside it.
func TestTemplateFileIs0644(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	out := filepath.Join(dir, "t.xlsx")
	if code, _, errs := runCLI(t, nil, "template", "--demo", "-o", out); code != ExitOK {
		t.Fatalf("exit %d %s", code, errs)
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o644 {
		t.Fatalf("%v %v, want 0644", st.Mode(), err)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Fatalf("%d files in the folder", len(es))
	}
}
