//go:build !unix

package knowledge

import "errors"

func mkfifo(string) error { return errors.ErrUnsupported }
