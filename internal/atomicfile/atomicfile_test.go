package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func entries(t *testing.T, dir string) []string {
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

func TestWrite(t *testing.T) {
	boom := errors.New("disk full")
	for _, tc := range []struct {
		name     string
		existing string // "" = no file before
		write    func(io.Writer) error
		wantErr  bool
		want     string
	}{
		{"new file", "", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, false, "new"},
		{"replaces a file", "old", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, false, "new"},
		{"a failure after half is written leaves the old file", "old", func(w io.Writer) error {
			_, _ = io.WriteString(w, "ne")
			return boom
		}, true, "old"},
		{"a failure leaves no file where there was none", "", func(w io.Writer) error {
			_, _ = io.WriteString(w, "ne")
			return boom
		}, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "c - results.xlsx")
			if tc.existing != "" {
				if err := os.WriteFile(path, []byte(tc.existing), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := Write(path, Mode, tc.write)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if tc.wantErr && !errors.Is(err, boom) {
				t.Fatalf("the cause is lost: %v", err)
			}
			got, readErr := os.ReadFile(path)
			if tc.want == "" {
				if !os.IsNotExist(readErr) {
					t.Fatalf("a file was left: %q %v", got, readErr)
				}
			} else if string(got) != tc.want {
				t.Fatalf("content %q, want %q", got, tc.want)
			}
			if names := entries(t, dir); len(names) > 1 || len(names) == 1 && names[0] != filepath.Base(path) {
				t.Fatalf("stray files: %v", names)
			}
			if !tc.wantErr && runtime.GOOS != "windows" {
				if st, _ := os.Stat(path); st.Mode().Perm() != Mode {
					t.Fatalf("mode %v", st.Mode().Perm())
				}
			}
		})
	}
}

func TestCopyAndKeep(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "a.xlsx")
	if err := os.WriteFile(src, []byte("content"), 0o600); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "b.xlsx")
	if err := Copy(src, dst, Mode); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(dst); string(b) != "content" {
		t.Fatalf("copy holds %q", b)
	}
	if err := Copy(filepath.Join(dir, "missing.xlsx"), filepath.Join(dir, "c.xlsx"), Mode); err == nil {
		t.Fatal("copying a missing file succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "c.xlsx")); !os.IsNotExist(err) {
		t.Fatal("a failed copy left a file")
	}

	// A symlink planted at the old fixed name of the backup is not followed.
	victim := filepath.Join(dir, "victim")
	if err := os.WriteFile(victim, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, src+".bak"); err != nil {
		t.Skip("no symlinks here:", err)
	}
	bak, err := Keep(src, []byte("backup"), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if bak == src+".bak" || !strings.HasPrefix(filepath.Base(bak), "a.xlsx.") {
		t.Fatalf("backup named %s", bak)
	}
	if b, _ := os.ReadFile(bak); string(b) != "backup" {
		t.Fatalf("backup holds %q", b)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Fatalf("the symlink's target was written: %q", b)
	}
}
