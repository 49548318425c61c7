package dropin

import (
	"fmt"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

// shellQuote quotes a name for a nohup message exactly as coreutils does
// (its "shell-escape-always" style), so that scripts parsing the messages
// see the same bytes:
//
//   - a name is put in single quotes: 'a b';
//   - a name with a single quote and only "harmless" characters is put in
//     double quotes instead: "it's";
//   - otherwise each single quote is closed, backslash-escaped and
//     reopened, and a byte that is not printable goes into a $'\ooo'
//     (or $'\n'-style) segment.
//
// When the string holds a single quote and needs escapes, the original
// makes two passes and the second starts with the state the first ended
// in; names that end in an escape then start with a spurious empty pair
// of single quotes (and, rarely, come out malformed). That is reproduced
// byte for byte: the point of a drop-in is that nothing differs.
//
// utf8Locale says whether printable multibyte characters may be shown as
// they are; under LC_ALL=C every byte above 0x7e is escaped.
func shellQuote(s string, utf8Locale bool) string {
	units := splitPrintable(s, utf8Locale)
	hasQuote := strings.IndexByte(s, '\'') >= 0
	if hasQuote && allDoubleQuoteSafe(units) {
		return `"` + s + `"`
	}
	pending := false
	if hasQuote {
		_, pending = quotePass(units, false)
	}
	out, _ := quotePass(units, pending)
	return out
}

// unit is one printable character (one or more bytes) or one byte that
// must be escaped.
type unit struct {
	text      string
	printable bool
}

func splitPrintable(s string, utf8Locale bool) []unit {
	var units []unit
	for i := 0; i < len(s); {
		b := s[i]
		switch {
		case b >= 0x20 && b < 0x7f:
			units = append(units, unit{s[i : i+1], true})
			i++
			continue
		case b >= 0x80 && utf8Locale:
			r, n := utf8.DecodeRuneInString(s[i:])
			if n > 1 && printableRune(r) { // n is 1 for an invalid byte, 3 for a real U+FFFD
				units = append(units, unit{s[i : i+n], true})
				i += n
				continue
			}
		}
		units = append(units, unit{s[i : i+1], false})
		i++
	}
	return units
}

// printableRune approximates glibc's iswprint: assigned, not a control,
// and not the line or paragraph separator (U+2028, U+2029).
func printableRune(r rune) bool {
	return !unicode.IsControl(r) && !unicode.In(r, unicode.Zl, unicode.Zp) &&
		unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cf, unicode.Co)
}

// allDoubleQuoteSafe reports whether every character means the same inside
// double quotes in C and in the shell, the condition for "it's".
func allDoubleQuoteSafe(units []unit) bool {
	for i, u := range units {
		if !u.printable {
			return false
		}
		if len(u.text) > 1 {
			continue // a printable multibyte character
		}
		c := u.text[0]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte(" %'+,-./:@]_", c) >= 0:
		case (c == '#' || c == '~') && i == 0:
		default:
			return false
		}
	}
	return true
}

// quotePass renders units in single quotes; pending says a $'...' segment
// is open. It returns the text and whether one was still open at the end.
func quotePass(units []unit, pending bool) (string, bool) {
	var b strings.Builder
	b.WriteByte('\'')
	for _, u := range units {
		switch {
		case !u.printable:
			if !pending {
				b.WriteString(`'$'`)
				pending = true
			}
			b.WriteString(escapeByte(u.text[0]))
		case u.text == "'":
			b.WriteString(`'\''`)
			pending = false
		default:
			if pending {
				b.WriteString(`''`)
				pending = false
			}
			b.WriteString(u.text)
		}
	}
	b.WriteByte('\'')
	return b.String(), pending
}

func escapeByte(c byte) string {
	const letters = "abtnvfr" // \a (7) to \r (13)
	if c >= 7 && c <= 13 {
		return `\` + letters[c-7:c-6]
	}
	return fmt.Sprintf(`\%03o`, c)
}

// utf8Locale reports whether the locale in the environment uses UTF-8, the
// way setlocale(LC_ALL, "") picks LC_CTYPE: LC_ALL, then LC_CTYPE, then LANG.
func utf8Locale() bool {
	for _, name := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := os.Getenv(name); v != "" {
			v = strings.ToLower(v)
			return strings.Contains(v, "utf-8") || strings.Contains(v, "utf8")
		}
	}
	return false
}
