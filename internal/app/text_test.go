package app

import (
	"strings"
	"testing"
)

func TestSummary(t *testing.T) {
	tests := []struct {
		name          string
		rows, removed int
		issues        []Issue
		want          string
	}{
		{name: "clean", rows: 12, want: "12 rows · 0 errors · 0 warnings"},
		{name: "one of each", rows: 1, issues: []Issue{{Severity: Error, Row: 2}, {Severity: Warning, Row: 3}},
			want: "1 row · 1 error in 1 row · 1 warning"},
		{name: "removed rows", rows: 3, removed: 2, issues: []Issue{{Severity: Error, Row: 2}, {Severity: Error, Row: 4}},
			want: "3 rows (2 removed) · 2 errors in 2 rows · 0 warnings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Summary(tt.rows, tt.removed, Count(tt.issues)); got != tt.want {
				t.Errorf("Summary = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWhatWillHappen(t *testing.T) {
	a := demo(t)
	g := group(t, a, 101)
	tests := []struct {
		name, file, want string
	}{
		{name: "clean", file: "clean-12.xlsx", want: "12 clients will be created in " + g.Name},
		{name: "errors", file: "every-row-code.xlsx", want: "Nothing is sent while errors remain"},
		{name: "unreadable", file: "truncated.xlsx", want: "Choose another file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := a.Check(t.Context(), fixture(t, tt.file), g)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.WhatWillHappen(); !strings.Contains(got, tt.want) {
				t.Errorf("%q, want %q in it", got, tt.want)
			}
			c.Offline = true
			if tt.name == "clean" && !strings.Contains(c.WhatWillHappen(), "waits in the outbox") {
				t.Error("offline not said")
			}
			if c.Summary() == "" {
				t.Error("no summary")
			}
		})
	}
	if ProcessName(ProcessNaturalBehavior) != "Natural Behavior" {
		t.Error(ProcessName(ProcessNaturalBehavior))
	}
}
