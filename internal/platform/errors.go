package platform

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// Error codes the platform answers with (SPEC §3, §4).
const (
	CodeInvalidCredentials      = "invalid_credentials"
	CodeInvalidToken            = "invalid_token"
	CodeTokenExpired            = "token_expired"
	CodeIdempotencyKeyMissing   = "idempotency_key_missing"
	CodeIdempotencyKeyReused    = "idempotency_key_reused"
	CodeRequestInProgress       = "request_in_progress"
	CodeCompletionAlertsMissing = "completion_alerts_missing"
	CodeTooManyClients          = "too_many_clients"
	CodeValidationFailed        = "validation_failed"
	CodeRateLimited             = "rate_limited"
	CodeNotFound                = "not_found"
	CodeInternalError           = "internal_error"
	CodeUnavailable             = "service_unavailable"
	CodeInvalidCharacters       = "invalid_characters"
	CodeUserExists              = "user_exists"
	CodeReportNotAllowed        = "report_not_allowed"
)

// The platform's own words for the errors a coach meets (SPEC §3).
const (
	MsgUserExists              = "User or Username already exists."
	MsgInternalError           = "Object reference not set to an instance of an object"
	MsgCompletionAlertsMissing = "Completion Alerts are not set for the group you have selected."
	MsgInvalidCharacters       = "Invalid characters found"
	MsgReportNotAllowedPrefix  = "Please provide proper report Ids as per group access setting of Group: "
)

// FieldError is one row problem of a 422 validation_failed answer.
type FieldError struct {
	Row     int    `json:"row"`
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ErrorBody is the JSON shape of every error answer.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the inside of ErrorBody.
type ErrorDetail struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Rows    []FieldError `json:"rows,omitempty"`
}

// Error is an answer of the platform that is not a success.
type Error struct {
	Method     string
	Path       string
	Status     int
	Code       string
	Message    string
	Rows       []FieldError
	RetryAfter time.Duration // from the Retry-After header, 0 when absent
}

func (e *Error) Error() string {
	code := e.Code
	if code == "" {
		code = "unexpected_answer"
	}
	msg := fmt.Sprintf("platform: %s %s: %d %s", e.Method, e.Path, e.Status, code)
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// ErrorCode returns the platform error code inside err, or "" when err is not a
// platform answer (a transport problem, say).
func ErrorCode(err error) string {
	var pe *Error
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// IsUnreachable tells whether err means the platform could not be reached at all
// (no network, refused, DNS, timeout, a connection closed without an answer), as
// opposed to an answer that says no. Callers use it to go offline.
func IsUnreachable(err error) bool {
	if err == nil {
		return false
	}
	var pe *Error
	if errors.As(err, &pe) {
		return pe.Status == 502 || pe.Status == 503 || pe.Status == 504
	}
	if IsCertificateError(err) || isRedirectRefusal(err) {
		return false
	}
	var ne net.Error
	var ue *url.Error
	return errors.As(err, &ne) || errors.As(err, &ue) || strings.Contains(err.Error(), "EOF")
}

// IsCertificateError tells whether err is a TLS certificate problem: the platform
// answered, but its identity could not be verified.
func IsCertificateError(err error) bool {
	var unknown x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	return errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		(err != nil && strings.Contains(err.Error(), "tls: failed to verify certificate"))
}
