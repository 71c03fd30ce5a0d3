package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// assign converts raw (a value from viper: a typed default, a YAML scalar,
// list or mapping, an environment string or a flag value) into the field
// behind ptr. It returns a problem message that never contains the value of
// a Secret, or "" on success.
func assign(ptr any, raw any) string {
	switch p := ptr.(type) {
	case *Secret:
		switch v := raw.(type) {
		case nil:
			*p = ""
		case string:
			*p = Secret(v)
		default:
			return "expected a string, got " + kindOf(raw)
		}
	case *string:
		s, msg := toString(raw)
		if msg != "" {
			return msg
		}
		*p = s
	case *bool:
		switch v := raw.(type) {
		case nil:
			*p = false
		case bool:
			*p = v
		case string:
			b, ok := parseBool(v)
			if !ok {
				return fmt.Sprintf("expected true or false, got %q", v)
			}
			*p = b
		default:
			return "expected true or false, got " + kindOf(raw)
		}
	case *int:
		n, ok := toInt64(raw)
		if !ok || n < math.MinInt32 || n > math.MaxInt32 {
			return "expected an integer, got " + show(raw)
		}
		*p = int(n)
	case *float64:
		switch v := raw.(type) {
		case nil:
			*p = 0
		case float64:
			*p = v
		case float32:
			*p = float64(v)
		case string:
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return fmt.Sprintf("expected a number, got %q", v)
			}
			*p = f
		default:
			n, ok := toInt64(raw)
			if !ok {
				return "expected a number, got " + show(raw)
			}
			*p = float64(n)
		}
	case *time.Duration:
		switch v := raw.(type) {
		case nil:
			*p = 0
		case time.Duration:
			*p = v
		case string:
			d, err := time.ParseDuration(strings.TrimSpace(v))
			if err != nil {
				return fmt.Sprintf("expected a duration such as 30s, 1m or 1h30m, got %q", v)
			}
			*p = d
		default:
			return "expected a duration with a unit such as 30s, 1m or 1h30m, got " + show(raw)
		}
	case *int64:
		if s, ok := raw.(string); ok {
			n, ok := parseSize(s)
			if !ok {
				return fmt.Sprintf("expected a size in bytes or with a unit such as 512KiB, 5MiB or 1MB, got %q", s)
			}
			*p = n
			return ""
		}
		n, ok := toInt64(raw)
		if !ok {
			return "expected a size in bytes or with a unit such as 512KiB, 5MiB or 1MB, got " + show(raw)
		}
		*p = n
	case *[]string:
		list, msg := toList(raw)
		if msg != "" {
			return msg
		}
		*p = list
	default:
		panic(fmt.Sprintf("config: unsupported field type %T", ptr))
	}
	return ""
}

func toString(raw any) (string, string) {
	switch v := raw.(type) {
	case nil:
		return "", ""
	case string:
		return v, ""
	case int, int64, int32, uint64, uint32, uint:
		return fmt.Sprint(v), ""
	case float64:
		// Large YAML integers (Discord IDs) could lose precision as floats.
		return "", fmt.Sprintf("expected a string, got the number %v (quote it in YAML)", v)
	default:
		return "", "expected a string, got " + kindOf(raw)
	}
}

// toList accepts a YAML list, a []string (defaults, flags) or a
// comma-separated string. Items are trimmed and empty items dropped.
func toList(raw any) ([]string, string) {
	var items []string
	switch v := raw.(type) {
	case nil:
	case string:
		items = strings.Split(v, ",")
	case []string:
		items = v
	case []any:
		for i, item := range v {
			s, msg := toString(item)
			if msg != "" {
				return nil, fmt.Sprintf("item %d: %s", i+1, msg)
			}
			items = append(items, s)
		}
	default:
		s, msg := toString(raw)
		if msg != "" {
			return nil, "expected a list or a comma-separated string, got " + kindOf(raw)
		}
		items = []string{s}
	}
	out := make([]string, 0, len(items))
	for _, s := range items {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out, ""
}

func toInt64(raw any) (int64, bool) {
	switch v := raw.(type) {
	case nil:
		return 0, true
	case int:
		return int64(v), true
	case int64:
		return v, true
	case int32:
		return int64(v), true
	case uint64:
		if v > math.MaxInt64 {
			return 0, false
		}
		return int64(v), true
	case uint:
		if uint64(v) > math.MaxInt64 {
			return 0, false
		}
		return int64(v), true
	case uint32:
		return int64(v), true
	case float64:
		if v != math.Trunc(v) || math.Abs(v) > 1<<53 {
			return 0, false
		}
		return int64(v), true
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		return n, err == nil
	default:
		return 0, false
	}
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "t", "true", "yes", "y", "on":
		return true, true
	case "0", "f", "false", "no", "n", "off":
		return false, true
	}
	return false, false
}

// parseSize parses "1048576", "512KiB", "5MiB", "1GiB", "1KB", "5MB", "1GB"
// (binary units are powers of 1024, decimal ones powers of 1000; case and
// spaces between number and unit are ignored; "B" is bytes).
func parseSize(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) })
	num, unit := s, ""
	if i >= 0 {
		num, unit = s[:i], strings.ToLower(strings.TrimSpace(s[i:]))
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	mult := map[string]int64{
		"": 1, "b": 1,
		"kb": 1000, "kib": 1 << 10,
		"mb": 1000 * 1000, "mib": 1 << 20,
		"gb": 1000 * 1000 * 1000, "gib": 1 << 30,
	}[unit]
	if mult == 0 || n > math.MaxInt64/mult {
		return 0, false
	}
	return n * mult, true
}

// show renders a non-secret raw value for an error message.
func show(raw any) string {
	switch v := raw.(type) {
	case string:
		return strconv.Quote(v)
	case bool, int, int64, int32, uint64, uint32, uint, float64, float32:
		return fmt.Sprint(v)
	default:
		return kindOf(raw)
	}
}

// kindOf names the kind of raw without showing it.
func kindOf(raw any) string {
	switch raw.(type) {
	case nil:
		return "nothing"
	case string:
		return "a string"
	case bool:
		return "true/false"
	case int, int64, int32, uint64, uint32, uint, float64, float32:
		return "a number"
	case []any, []string:
		return "a list"
	case map[string]any, map[any]any:
		return "a mapping"
	default:
		return fmt.Sprintf("a %T", raw)
	}
}
