// Package posixlocale keeps Fyne from logging "Error parsing user locale C" on
// every start under the C.UTF-8 locale, the default of Debian containers and
// many servers where the headless commands run. Fyne's locale lookup knows
// "C" and "POSIX" mean "no localisation" but reads "C.UTF-8" as a language
// called "C". Importing this package for its side effect, before Fyne, from
// package main presents such a locale as plain "C". Go initialises this
// package before Fyne's widgets (it needs nothing but os and strings, and its
// import path sorts before golang.org/x/text, which they need).
package posixlocale

import (
	"os"
	"strings"
)

func init() { Normalise(os.Getenv, os.Setenv) }

// Normalise rewrites the variable that decides the messages' locale (the
// first set of LC_ALL, LC_MESSAGES, LANG, as gettext reads them) from
// "C.<charset>" or "POSIX.<charset>" to "C". Other values are left alone.
func Normalise(getenv func(string) string, setenv func(string, string) error) {
	for _, name := range [...]string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		value := getenv(name)
		if value == "" {
			continue
		}
		if strings.HasPrefix(value, "C.") || strings.HasPrefix(value, "POSIX.") {
			_ = setenv(name, "C")
		}
		return
	}
}
