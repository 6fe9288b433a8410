// Package fileurl turns a file's path into the file:// URL that "Open" hands
// to the system, which opens it in the default program.
package fileurl

import (
	"net/url"
	"path/filepath"
	"strings"
)

// FromPath is the file URL of path on this system.
func FromPath(path string) *url.URL { return fromSlash(filepath.ToSlash(path)) }

// fromSlash builds the URL from a path with forward slashes. A Windows drive
// path needs a leading slash (file:///C:/Users/…, RFC 8089): without it the
// drive letter would be read as the URL's host (file://C:/…), and a UNC path
// (//server/share/…) keeps its server as the host. Spaces and non-ASCII
// letters are escaped by url.URL.
func fromSlash(p string) *url.URL {
	if strings.HasPrefix(p, "//") {
		host, rest, _ := strings.Cut(p[2:], "/")
		return &url.URL{Scheme: "file", Host: host, Path: "/" + rest}
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return &url.URL{Scheme: "file", Path: p}
}
