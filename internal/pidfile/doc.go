// Package pidfile writes a PID file atomically: a temporary file in the
// same folder is created before the command starts (so an unwritable
// location fails before anything runs) and renamed into place once the PID
// is known, so readers never see a partial file.
package pidfile
