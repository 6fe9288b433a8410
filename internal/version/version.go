// Package version says which build this is. Release builds set the values with
// -ldflags "-X github.com/dnaplatform/massuploader/internal/version.Version=…"
// (see the Makefile); a plain build falls back to what Go recorded.
package version

import (
	"fmt"
	"runtime/debug"
)

// Set at build time.
var (
	Version = "dev"
	Commit  = ""
	Date    = ""
)

// String is "massuploader 1.2.0 (commit abc1234, built 2026-11-24)".
func String() string {
	commit, date := Commit, Date
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			switch {
			case s.Key == "vcs.revision" && commit == "":
				commit = s.Value
			case s.Key == "vcs.time" && date == "":
				date = s.Value
			}
		}
	}
	if len(commit) > 12 {
		commit = commit[:12]
	}
	if commit == "" {
		commit = "unknown"
	}
	if date == "" {
		date = "unknown"
	}
	return fmt.Sprintf("massuploader %s (commit %s, built %s)", Version, commit, date)
}
