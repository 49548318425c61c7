package dropin

import "testing"

func TestName(t *testing.T) {
	for argv0, want := range map[string]string{
		"setsid":                   "setsid",
		"/usr/libexec/x/bin/nohup": "nohup",
		"sysprims-setsid":          "setsid",
		"/usr/bin/sysprims-nohup":  "nohup",
		"sysprims":                 "",
		"./setsid.exe":             "",
		"sysprims-sysprims-nohup":  "",
		"/opt/setsid/bin/sysprims": "",
		"":                         "",
	} {
		if got := Name(argv0); got != want {
			t.Errorf("Name(%q) = %q, want %q", argv0, got, want)
		}
	}
}
