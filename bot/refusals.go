package bot

import (
	"errors"
	"strconv"
	"strings"

	"github.com/articlebot/articlebot/knowledge"
)

// This file says, in the member's language, why the knowledge loader
// refused a file: each sentinel or typed error of package knowledge has a
// refusal_* message. The loader's own English text is for the log only;
// an error it does not know is refusal_unknown.

// Reasons a file is refused (the message of each, without the file name:
// the reply names it).
const (
	msgRefusalNotUTF8     msgKey = "refusal_not_utf8"
	msgRefusalFrontMatter msgKey = "refusal_front_matter"
	msgRefusalEmpty       msgKey = "refusal_empty"
	msgRefusalTooLarge    msgKey = "refusal_too_large"
	msgRefusalDuplicateID msgKey = "refusal_duplicate_id"
	msgRefusalSymlink     msgKey = "refusal_symlink"
	msgRefusalNotRegular  msgKey = "refusal_not_regular"
	msgRefusalUnreadable  msgKey = "refusal_unreadable"
	msgRefusalNameEmpty   msgKey = "refusal_name_empty"
	msgRefusalNameSpaces  msgKey = "refusal_name_spaces"
	msgRefusalNameTooLong msgKey = "refusal_name_too_long"
	msgRefusalNamePath    msgKey = "refusal_name_path"
	msgRefusalNameHidden  msgKey = "refusal_name_hidden"
	msgRefusalNameChars   msgKey = "refusal_name_unprintable"
	msgRefusalNotDocument msgKey = "refusal_not_document"
	msgRefusalBadName     msgKey = "refusal_bad_name"
	msgRefusalUnknown     msgKey = "refusal_unknown"
	msgWhyFile            msgKey = "why_file"
	msgReloadNoDocuments  msgKey = "reload_no_documents"
	msgReloadError        msgKey = "reload_error"
	msgWhyRemoveError     msgKey = "why_remove_error"
	msgSizeBytes          msgKey = "size_bytes"
	msgSizeKB             msgKey = "size_kb"
	msgSizeMB             msgKey = "size_mb"
)

// Units of fileSize.
const (
	sizeKiB int64 = 1 << 10
	sizeMiB int64 = 1 << 20
)

// refusalReason says why the loader refused a file, err being its error
// (a *knowledge.FileError, or what it wraps): a short clause, without the
// file's name, in v's language.
func refusalReason(v voice, err error) string {
	var size *knowledge.SizeError
	var dup *knowledge.DuplicateIDError
	switch {
	case errors.As(err, &size):
		return v.say(msgRefusalTooLarge, args{"Limit": fileSize(v, size.Limit)})
	case errors.As(err, &dup):
		return v.say(msgRefusalDuplicateID, args{"ID": codeSpan(dup.ID), "Other": codeSpan(dup.Other)})
	case errors.Is(err, knowledge.ErrTooLarge):
		return v.say(msgRefusalTooLarge, args{"Limit": ""})
	case errors.Is(err, knowledge.ErrDuplicateID):
		return v.say(msgRefusalDuplicateID, args{"ID": "", "Other": ""})
	case errors.Is(err, knowledge.ErrNameTooLong):
		return v.say(msgRefusalNameTooLong, args{"Max": knowledge.MaxNameLength})
	}
	return v.say(refusalKey(err), nil)
}

// refusalKey is the message of a refusal that takes no details.
func refusalKey(err error) msgKey {
	switch {
	case errors.Is(err, knowledge.ErrNotUTF8):
		return msgRefusalNotUTF8
	case errors.Is(err, knowledge.ErrFrontMatter):
		return msgRefusalFrontMatter
	case errors.Is(err, knowledge.ErrEmptyDocument):
		return msgRefusalEmpty
	case errors.Is(err, knowledge.ErrSymlink):
		return msgRefusalSymlink
	case errors.Is(err, knowledge.ErrNotRegular):
		return msgRefusalNotRegular
	case errors.Is(err, knowledge.ErrUnreadableFile):
		return msgRefusalUnreadable
	case errors.Is(err, knowledge.ErrEmptyName):
		return msgRefusalNameEmpty
	case errors.Is(err, knowledge.ErrNameSpaces):
		return msgRefusalNameSpaces
	case errors.Is(err, knowledge.ErrNameHasPath):
		return msgRefusalNamePath
	case errors.Is(err, knowledge.ErrHiddenName):
		return msgRefusalNameHidden
	case errors.Is(err, knowledge.ErrUnprintableName):
		return msgRefusalNameChars
	case errors.Is(err, knowledge.ErrNotDocumentName):
		return msgRefusalNotDocument
	case errors.Is(err, knowledge.ErrBadName):
		return msgRefusalBadName
	}
	return msgRefusalUnknown
}

// fileSize writes n bytes for a reader: "5 Mo", "1,5 Ko", "900 octets"
// (in English "5 MB", "1.5 KB", "900 bytes").
func fileSize(v voice, n int64) string {
	key, unit := msgSizeBytes, int64(1)
	switch {
	case n >= sizeMiB:
		key, unit = msgSizeMB, sizeMiB
	case n >= sizeKiB:
		key, unit = msgSizeKB, sizeKiB
	}
	s := strings.TrimSuffix(strconv.FormatFloat(float64(n)/float64(unit), 'f', 1, 64), ".0")
	if v.lang == langFR {
		s = strings.Replace(s, ".", ",", 1)
	}
	return v.say(key, args{"N": s})
}
