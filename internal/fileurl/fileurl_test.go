package fileurl

import "testing"

func TestFromSlash(t *testing.T) {
	for _, tc := range []struct{ name, path, want string }{
		{"Windows drive, spaces and non-ASCII", "C:/Users/Ana/Documents/Clients ä - results.xlsx",
			"file:///C:/Users/Ana/Documents/Clients%20%C3%A4%20-%20results.xlsx"},
		{"Windows UNC share", "//server/share/Clients ä.xlsx", "file://server/share/Clients%20%C3%A4.xlsx"},
		{"Unix path", "/home/ana/Clients ä.xlsx", "file:///home/ana/Clients%20%C3%A4.xlsx"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := fromSlash(tc.path).String(); got != tc.want {
				t.Errorf("fromSlash(%q) = %s, want %s", tc.path, got, tc.want)
			}
		})
	}
}
