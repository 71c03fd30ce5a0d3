package discordapi

import (
	"regexp"
)

// discordAPI matches Discord's API base URL in a message, as discordgo
// builds request URLs: https://discord.com/api, followed by a path, a quote
// or nothing ("https://discord.com/apiary" does not match).
var discordAPI = regexp.MustCompile(`https://(?i:discord\.com)(?::443)?/api\b`)

// ErrorNamer returns a function that rewrites an error so that its message
// names apiURL wherever it names Discord's API: requests are built for
// https://discord.com/api and sent to apiURL by the transport, so
// net/http's errors (a *url.Error) name the URL they were built with. The
// rewritten error wraps the original (errors.Is and errors.As see through
// it). With the default URL or an invalid one, errors are returned
// unchanged.
func ErrorNamer(apiURL string) func(error) error {
	target, err := parseAPIURL(apiURL)
	if err != nil || target.String() == DefaultAPIURL {
		return func(err error) error { return err }
	}
	base := target.String()
	return func(err error) error {
		if err == nil {
			return nil
		}
		msg := err.Error()
		named := discordAPI.ReplaceAllLiteralString(msg, base)
		if named == msg {
			return err
		}
		return &namedError{msg: named, err: err}
	}
}

// namedError is an error whose message names the configured API host.
type namedError struct {
	msg string
	err error
}

func (e *namedError) Error() string { return e.msg }
func (e *namedError) Unwrap() error { return e.err }
