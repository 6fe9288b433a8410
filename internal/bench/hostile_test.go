package bench

import (
	"errors"
	"strings"
	"testing"

	"github.com/dnaplatform/massuploader/internal/workbook"
)

// The hostile files are refused with a sentence naming the cap (issue 12,
// item 2). Time and memory are measured by massbench -hostile, not here.
func TestHostileFilesAreRefused(t *testing.T) {
	cases := []struct {
		kind  string
		scale float64
		says  string
		heavy bool // also made, smaller, by workbook's TestCapsRefuseHostileLists
	}{
		{HostileRows, 0.2, "more than 100000 rows", true},
		{HostileStrings, 0.07, "different texts", true},
		{HostileJunk, 0.4, "unpacks to more than 512 MB", false},
	}
	dir := t.TempDir()
	for _, c := range cases {
		t.Run(c.kind, func(t *testing.T) {
			if c.heavy && raceEnabled {
				t.Skip("under the race detector, workbook's cap tests cover it")
			}
			path, err := HostileFile(dir, c.kind, c.scale)
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = workbook.ReadAll(path)
			var fe *workbook.FileError
			if !errors.As(err, &fe) || fe.Code != workbook.CodeUnreadable || !strings.Contains(fe.Message, c.says) {
				t.Fatalf("got %v, want unreadable_file saying %q", err, c.says)
			}
		})
	}
}
