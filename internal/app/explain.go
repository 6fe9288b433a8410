package app

import (
	"errors"
	"fmt"

	"github.com/dnaplatform/massuploader/internal/catalog"
	"github.com/dnaplatform/massuploader/internal/platform"
)

// Sentence is an error said for a coach: a whole sentence, capital and full
// stop included, that says what to do.
type Sentence string

func (s Sentence) Error() string { return string(s) }

// ErrNoProfile means nobody has signed in on this computer yet.
var ErrNoProfile = errors.New("not signed in yet: sign in first (massuploader login --platform URL --username NAME)")

// Explain turns an error into a sentence a coach can act on, in the window.
func Explain(err error) error {
	switch {
	case err == nil:
		return nil
	case platform.ErrorCode(err) == platform.CodeInvalidCredentials:
		return Sentence("The username or password is not correct. Check them and try again.")
	case platform.ErrorCode(err) == platform.CodeInvalidToken:
		return Sentence("Your sign-in has expired. Sign in again.")
	case errors.Is(err, platform.ErrInsecureURL):
		return Sentence("The address must start with https:// (plain http:// is only allowed for this computer).")
	case platform.IsCertificateError(err):
		return Sentence(fmt.Sprintf("The platform's security certificate could not be verified, so nothing was sent. Check the address; if your organisation uses a proxy, ask IT to trust it. (%v)", err))
	case errors.Is(err, catalog.ErrNoData):
		return Sentence("The platform cannot be reached, and nothing is saved from an earlier visit. Check the network, then try again.")
	case platform.IsUnreachable(err):
		return Sentence(fmt.Sprintf("The platform cannot be reached. Check the address and the network. (%v)", err))
	}
	return err
}

// Describe says a platform error for a terminal: lower case, to follow
// "massuploader: command:", and naming the command that helps.
func Describe(err error) error {
	switch {
	case platform.ErrorCode(err) == platform.CodeInvalidCredentials:
		return errors.New("the username or password is not correct")
	case platform.ErrorCode(err) == platform.CodeInvalidToken:
		return errors.New("the stored sign-in is no longer valid: sign in again with massuploader login")
	case platform.IsCertificateError(err):
		return fmt.Errorf("the platform's certificate could not be verified (is the address right? is a proxy in the way?): %w", err)
	case platform.IsUnreachable(err):
		return fmt.Errorf("the platform cannot be reached (check the address and the network): %w", err)
	}
	return err
}

// IsSignInNeeded reports whether the sender stopped because the sign-in ended.
func IsSignInNeeded(err error) bool { return errors.Is(err, errSignIn) }
