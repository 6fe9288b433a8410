package watch

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSeesWritesAndReplacements(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.xlsx")
	os.WriteFile(path, []byte("one"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes := make(chan struct{}, 10)
	if err := File(ctx, path, func() { changes <- struct{}{} }); err != nil {
		t.Fatal(err)
	}
	wait := func(what string) {
		t.Helper()
		select {
		case <-changes:
		case <-time.After(time.Second): // the bound: a save is seen within a second
			t.Fatalf("%s was not seen within a second", what)
		}
	}
	// Several quick writes are one change.
	for i := range 3 {
		os.WriteFile(path, []byte{byte(i)}, 0o644)
	}
	wait("a write")
	select {
	case <-changes:
		t.Fatal("one save reported twice")
	case <-time.After(2 * Debounce):
	}
	// Excel's way: write a temporary file, rename it over the original.
	tmp := filepath.Join(dir, "~tmp123")
	os.WriteFile(tmp, []byte("two"), 0o644)
	os.Rename(tmp, path)
	wait("a save by replacement")
	// Other files in the folder do not count.
	os.WriteFile(filepath.Join(dir, "other.xlsx"), []byte("x"), 0o644)
	select {
	case <-changes:
		t.Fatal("another file's change was reported")
	case <-time.After(2 * Debounce):
	}
}
