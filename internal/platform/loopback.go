package platform

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// IsLoopbackHost tells whether host literally names this computer: an IP
// address in 127.0.0.0/8 or ::1, or the bare name "localhost". A name that only
// ends in .localhost is not trusted: whether it resolves to this computer is
// up to the resolver, and a proxy would see it in clear.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// directForLoopback wraps a proxy choice so that a request to this computer
// never goes through a proxy: plain http is only allowed there because it
// never leaves the machine.
func directForLoopback(proxy func(*http.Request) (*url.URL, error)) func(*http.Request) (*url.URL, error) {
	return func(r *http.Request) (*url.URL, error) {
		if IsLoopbackHost(r.URL.Hostname()) || proxy == nil {
			return nil, nil
		}
		return proxy(r)
	}
}
