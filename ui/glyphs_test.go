package ui

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
)

// Release builds leave out Fyne's emoji font (-tags no_emoji), so every
// character the app writes itself must be in the theme's own font; one that
// is not would be drawn from whatever the computer has, or as a box.
func TestAppTextNeedsOnlyTheThemeFont(t *testing.T) {
	faces := map[string]*font.Face{}
	for _, res := range []fyne.Resource{theme.DefaultTextFont(), theme.DefaultTextBoldFont()} {
		f, err := font.ParseTTF(bytes.NewReader(res.Content()))
		if err != nil {
			t.Fatal(err)
		}
		faces[res.Name()] = f
	}
	var files []string
	for _, pattern := range []string{"*.go", "../internal/validate/*.go", "../internal/app/*.go"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	checked := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, r := range s {
				if r < 0x80 {
					continue
				}
				checked++
				for name, face := range faces {
					if _, ok := face.NominalGlyph(r); !ok {
						t.Errorf("%s: %q (U+%04X) in %q is not in the theme font %s", path, r, r, s, name)
					}
				}
			}
			return true
		})
	}
	if checked == 0 {
		t.Fatal("no non-ASCII text found: the scan is looking in the wrong place")
	}
}
