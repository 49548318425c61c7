package steps

// The names of the steps, as an [Error] reports them.
const (
	NewSession     = "setsid"
	ControllingTTY = "ctty"
	IgnoreHangup   = "sighup"
)
