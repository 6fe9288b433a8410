package posixlocale

import "testing"

func TestNormalise(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{"C.UTF-8 in LANG", map[string]string{"LANG": "C.UTF-8"}, map[string]string{"LANG": "C"}},
		{"POSIX.utf8 in LC_ALL wins over LANG", map[string]string{"LC_ALL": "POSIX.utf8", "LANG": "C.UTF-8"},
			map[string]string{"LC_ALL": "C", "LANG": "C.UTF-8"}},
		{"a real locale is kept", map[string]string{"LANG": "fr_FR.UTF-8"}, map[string]string{"LANG": "fr_FR.UTF-8"}},
		{"LC_MESSAGES decides before LANG", map[string]string{"LC_MESSAGES": "de_DE.UTF-8", "LANG": "C.UTF-8"},
			map[string]string{"LC_MESSAGES": "de_DE.UTF-8", "LANG": "C.UTF-8"}},
		{"plain C is already understood", map[string]string{"LANG": "C"}, map[string]string{"LANG": "C"}},
		{"a Catalan locale is not C", map[string]string{"LANG": "ca_ES.UTF-8"}, map[string]string{"LANG": "ca_ES.UTF-8"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range c.env {
				env[k] = v
			}
			Normalise(func(k string) string { return env[k] },
				func(k, v string) error { env[k] = v; return nil })
			for k, v := range c.want {
				if env[k] != v {
					t.Errorf("%s = %q, want %q", k, env[k], v)
				}
			}
		})
	}
}
