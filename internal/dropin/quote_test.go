package dropin

import "testing"

// The expectations were observed with coreutils 9.1 nohup on Debian 12
// ("failed to run command X"), under LC_ALL=C and LC_ALL=C.UTF-8.
func TestShellQuote(t *testing.T) {
	tests := []struct {
		in   string
		utf8 bool
		want string
	}{
		{in: "", want: `''`},
		{in: "abc", want: `'abc'`},
		{in: "a b", want: `'a b'`},
		{in: "a$b", want: `'a$b'`},
		{in: `a\b`, want: `'a\b'`},
		{in: "it's", want: `"it's"`},
		{in: "a'b c", want: `"a'b c"`},
		{in: "'", want: `"'"`},
		{in: "#'", want: `"#'"`},
		{in: "~'", want: `"~'"`},
		{in: "a#'", want: `'a#'\'''`},
		{in: "a~'", want: `'a~'\'''`},
		{in: "'%", want: `"'%"`},
		{in: "'=", want: `''\''='`},
		{in: "!'", want: `'!'\'''`},
		{in: "a'$b", want: `'a'\''$b'`},
		{in: `a"b'c`, want: `'a"b'\''c'`},
		{in: "a\nb", want: `'a'$'\n''b'`},
		{in: "\t", want: `''$'\t'`},
		{in: "\x7f", want: `''$'\177'`},
		{in: "a\x01b", want: `'a'$'\001''b'`},
		{in: "a\x1bb", want: `'a'$'\033''b'`},
		{in: "\n\n", want: `''$'\n\n'`},
		{in: "a b\tc", want: `'a b'$'\t''c'`},
		{in: "héllo", want: `'h'$'\303\251''llo'`},
		{in: "\xc3'", want: `''$'\303'\'''`},
		// A quote plus an escape at the end: the original's second pass
		// starts inside a $'' segment.
		{in: "it's\n", want: `'''it'\''s'$'\n'`},
		{in: "x'y'z\n", want: `'''x'\''y'\''z'$'\n'`},
		{in: "'\n", want: `''\'''$'\n'`},
		{in: "\n'", want: `''$'\n'\'''`},
		{in: "a'b\nc'd", want: `'a'\''b'$'\n''c'\''d'`},
		{in: "\n'\n", want: `'\n'\'''$'\n'`},
		// UTF-8 locale: printable characters are shown as they are.
		{in: "héllo", utf8: true, want: `'héllo'`},
		{in: "it's é", utf8: true, want: `"it's é"`},
		{in: "h\xe9llo", utf8: true, want: `'h'$'\351''llo'`},
		{in: "\xc3", utf8: true, want: `''$'\303'`},
		{in: "\u00a0x", utf8: true, want: "'\u00a0x'"},
		{in: "\u200b", utf8: true, want: "'\u200b'"},
	}
	for _, tt := range tests {
		if got := shellQuote(tt.in, tt.utf8); got != tt.want {
			t.Errorf("shellQuote(%q, utf8=%v) = %s, want %s", tt.in, tt.utf8, got, tt.want)
		}
	}
}
