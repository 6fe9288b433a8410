package app

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/dnaplatform/massuploader/internal/catalog"
)

func TestOutcomeErr(t *testing.T) {
	disk := errors.New("disk full")
	tests := []struct {
		name string
		o    Outcome
		want string
	}{
		{name: "all written", o: Outcome{Results: "r.xlsx"}},
		{name: "results failed", o: Outcome{ResultsErr: disk, RetryErr: errors.New("later")}, want: "disk full"},
		{name: "retry failed", o: Outcome{Failed: 1, RetryErr: disk}, want: "disk full"},
		{name: "no template", o: Outcome{Failed: 1, NoTemplate: true, RetryErr: catalog.ErrNoData},
			want: "The platform cannot be reached, and nothing is saved from an earlier visit. Check the network, then try again."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.o.Err()
			if (err == nil) != (tt.want == "") || err != nil && err.Error() != tt.want {
				t.Fatalf("Err() = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestFingerprintAndHint(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.csv")
	if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	sha, err := Fingerprint(path)
	if err != nil || len(sha) != 64 {
		t.Fatalf("Fingerprint = %q, %v", sha, err)
	}
	if _, err := Fingerprint(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("a missing file has a fingerprint")
	}
	if FixHint("user_exists") == "" {
		t.Error("no hint for an existing client")
	}
}
