package userdirs

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDocumentsIn(t *testing.T) {
	for _, tc := range []struct {
		name     string
		makeDocs bool
		want     func(home string) string
	}{
		{"Documents exists", true, func(home string) string { return filepath.Join(home, "Documents") }},
		{"no Documents folder: home", false, func(home string) string { return home }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			if tc.makeDocs {
				if err := os.Mkdir(filepath.Join(home, "Documents"), 0o700); err != nil {
					t.Fatal(err)
				}
			}
			if got := documentsIn(home); got != tc.want(home) {
				t.Errorf("documentsIn(%s) = %s, want %s", home, got, tc.want(home))
			}
		})
	}
}
