package knowledge

import (
	"errors"
	"fmt"
)

// Why a file name is refused: each is wrapped together with ErrBadName
// (errors.Is matches both), so that a caller can say which rule the name
// broke. Each refusal of a file is wrapped in a *FileError naming it.
var (
	// ErrEmptyName: no name at all, or none before the extension (".md").
	ErrEmptyName = errors.New("no name before the extension")
	// ErrNameSpaces: the name starts or ends with a space.
	ErrNameSpaces = errors.New("starts or ends with a space")
	// ErrNameTooLong: longer than MaxNameLength bytes.
	ErrNameTooLong = fmt.Errorf("longer than %d bytes", MaxNameLength)
	// ErrNameHasPath: a path (a / or a \) rather than a plain file name:
	// an Editor writes only at the top of the knowledge directory, never
	// outside it.
	ErrNameHasPath = errors.New("not a plain file name")
	// ErrHiddenName: a hidden file or an editor backup, which no load reads.
	ErrHiddenName = errors.New("hidden or backup files are not loaded")
	// ErrUnprintableName: not valid UTF-8, or holds control or invisible
	// characters; it could not be shown, cited or typed.
	ErrUnprintableName = errors.New("unprintable characters")
	// ErrNotDocumentName: neither .md nor .txt.
	ErrNotDocumentName = errors.New("only .md and .txt files are documents")
)

// MaxNameLength bounds the name of a file an Editor writes, in bytes.
const MaxNameLength = 120

// badName refuses a name for reason (one of the ErrName… errors above);
// detail, when given, replaces the reason's text in the message.
func badName(reason error, detail string) error {
	return &nameError{reason: reason, detail: detail}
}

// nameError is ErrBadName and its reason.
type nameError struct {
	reason error
	detail string
}

func (e *nameError) Error() string {
	if e.detail != "" {
		return ErrBadName.Error() + ": " + e.detail
	}
	return ErrBadName.Error() + ": " + e.reason.Error()
}

func (e *nameError) Unwrap() []error { return []error{ErrBadName, e.reason} }

// SizeError refuses a file larger than the size limit; errors.Is matches
// it with ErrTooLarge.
type SizeError struct {
	Size  int64 // the file's size in bytes; 0 when it is only known to exceed Limit
	Limit int64 // the largest size accepted, in bytes
}

func (e *SizeError) Error() string {
	if e.Size <= 0 {
		return fmt.Sprintf("%v: more than %d bytes", ErrTooLarge, e.Limit)
	}
	return fmt.Sprintf("%v: %d bytes, the limit is %d", ErrTooLarge, e.Size, e.Limit)
}

func (e *SizeError) Unwrap() error { return ErrTooLarge }

// DuplicateIDError refuses a document whose id (its file name without
// extension) another file of the directory already has; errors.Is
// matches it with ErrDuplicateID.
type DuplicateIDError struct {
	ID    string // the document id both files would have
	Other string // the other file, relative to the knowledge directory (see DisplayPath)
}

func (e *DuplicateIDError) Error() string {
	return fmt.Sprintf("%v %q (also %s)", ErrDuplicateID, e.ID, DisplayPath(e.Other))
}

func (e *DuplicateIDError) Unwrap() error { return ErrDuplicateID }
