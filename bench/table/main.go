// Command table turns the raw results of bench/run into markdown tables
// on stdout:
//
//	table [-smoke] WORKDIR
//
// WORKDIR/machine.txt describes the machine and the build, and
// WORKDIR/sizes.txt lists "NAME BYTES" of the binaries; WORKDIR/json
// holds hyperfine's --export-json files (CASE.I.rR.json: command I, round
// R), the PID 1 samples (mem-W.txt: one "VmRSS Pss RssAnon RssFile" line
// in KiB per run; reap-W.txt; siglat-W.R.txt, microseconds per signal)
// and the go test -bench output (gobench.txt). Every budget of issue 11 is
// judged against a floor or a limit measured in the same run, and listed
// once more at the end, met or missed; with -smoke the numbers are too
// few to judge and no budget is checked. It is a helper of bench/run, not
// a tool.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// The budgets of issue 11 (and issue 5's reaping tie with tini).
const (
	waitBudget   = 1.15   // setsid --wait, nohup --wait, init: ours/design floor, time
	dropinBudget = 1.10   // drop-ins: ours/in-place floor, time
	libBudget    = 1.15   // spawn.RunSetsid/RunNohup with Wait: ours/spawn floor, time
	rssBudget    = 2000.0 // KiB, VmRSS of init -- sleep, 1 s in (2.0 MB as this README counts: KiB/1000)
	anonBudget   = 1000.0 // KiB, RssAnon of the same
	fwdBudget    = 1.2    // TERM forward p50 and p99: ours/minimal Go forwarder
	reapBudget   = 1.0    // ours/tini, reaping time
	reapNoise    = 0.05   // reaping runs vary this much: closer is a tie
)

// wrappers of the PID 1 cases; "floor" is bench/floor/spawn -catch, the
// minimal Go forwarder (it does not reap orphans: no reaping case).
var wrappers = []string{"sysprims", "tini", "dumb-init", "floor"}

// none marks a missing or failed measurement.
var none = math.NaN()

type report struct {
	dir     string
	smoke   bool
	rows    []string
	budgets []string
	memory  []string
}

func main() {
	smoke := flag.Bool("smoke", false, "numbers from a smoke run: do not judge them")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: table [-smoke] WORKDIR")
		os.Exit(2)
	}
	r := &report{dir: flag.Arg(0), smoke: *smoke}
	r.processCases()
	r.pid1Cases()
	ns := r.library()
	r.sizes()
	r.print(ns)
}

func (r *report) path(name string) string { return filepath.Join(r.dir, "json", name) }

func (r *report) row(cells ...string) {
	r.rows = append(r.rows, "| "+strings.Join(cells, " | ")+" |")
}

// judge returns the budget cell for value x against limit (x ≤ limit
// meets it; within noise, a fraction, above it is a tie) and records the
// budget line "what: value, limit: verdict" for the summary.
func (r *report) judge(what string, x, limit, noise float64, unit string) string {
	show := func(v float64) string {
		if unit == "x" {
			return fmt.Sprintf("%.2fx", v)
		}
		return fmt.Sprintf("%.0f %s", v, unit)
	}
	var word string
	switch {
	case r.smoke:
		return "(smoke: not judged)"
	case math.IsNaN(x):
		word = "not measured"
	case x <= limit:
		word = "met"
	case x <= limit*(1+noise):
		word = fmt.Sprintf("tie (within %.0f%% noise)", noise*100)
	default:
		word = "**missed**"
	}
	cell := fmt.Sprintf("%s (≤%s)", word, show(limit))
	val := "–"
	if !math.IsNaN(x) {
		val = show(x)
	}
	r.budgets = append(r.budgets, fmt.Sprintf("- %s: %s, budget ≤%s: %s", what, val, show(limit), word))
	return cell
}

// hyperfineMedian is the median in seconds of one command over all the
// rounds bench/run measured it in: the times of every hyperfine
// --export-json file NAME.rR.json, pooled; none if there is no such file
// or one cannot be read.
func (r *report) hyperfineMedian(name string) float64 {
	files, _ := filepath.Glob(r.path(name + ".r*.json"))
	var times []float64
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return none
		}
		var v struct {
			Results []struct {
				Times []float64 `json:"times"`
			} `json:"results"`
		}
		if json.Unmarshal(b, &v) != nil || len(v.Results) == 0 || len(v.Results[0].Times) == 0 {
			return none
		}
		times = append(times, v.Results[0].Times...)
	}
	if len(times) == 0 {
		return none
	}
	return median(times)
}

// lines reads the file's lines of whitespace-separated numbers; nil if
// it is missing or one is not a number.
func (r *report) lines(name string) [][]float64 {
	b, err := os.ReadFile(r.path(name))
	if err != nil {
		return nil
	}
	var out [][]float64
	for _, l := range strings.Split(string(b), "\n") {
		var xs []float64
		for _, f := range strings.Fields(l) {
			x, err := strconv.ParseFloat(f, 64)
			if err != nil {
				return nil
			}
			xs = append(xs, x)
		}
		if len(xs) > 0 {
			out = append(out, xs)
		}
	}
	return out
}

// column is the i-th number of every line of the file.
func (r *report) column(name string, i int) []float64 {
	var xs []float64
	for _, l := range r.lines(name) {
		if i < len(l) {
			xs = append(xs, l[i])
		}
	}
	return xs
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return none
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// percentile is the p-th percentile of xs (not empty): the sample of
// rank p/100·(n-1), rounded to the nearest.
func percentile(xs []float64, p float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	i := int(math.Round(p / 100 * float64(len(s)-1)))
	return s[i]
}

func ms(sec float64) string {
	if math.IsNaN(sec) {
		return "FAILED"
	}
	return fmt.Sprintf("%.2f ms", sec*1e3)
}

func ratio(a, b float64) string {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

// processCases: rows 1-6, hyperfine cases. bench/run runs each case's
// commands in the order listed here: ours first (one or two), then the C
// tools, then the floor.
func (r *report) processCases() {
	for _, c := range []struct {
		name  string
		ours  []string // row number and path, per command of ours
		tools []string
		floor string
		limit float64
	}{
		{"1-setsid-wait", []string{"1", "`sysprims setsid --wait /bin/true`"}, []string{"setsid -f -w"}, "design", waitBudget},
		{"2-nohup-wait", []string{"2", "`sysprims nohup --wait /bin/true`"}, nil, "design -nohup", waitBudget},
		{"3-init", []string{"3", "`sysprims init -- /bin/true`"}, []string{"tini", "dumb-init"}, "design", waitBudget},
		{"4-dropin-setsid", []string{"4", "drop-in `setsid /bin/true` (in place)"}, []string{"setsid"}, "in-place", dropinBudget},
		{"5-dropin-nohup", []string{"5", "drop-in `nohup /bin/true` (in place)"}, []string{"nohup"}, "in-place -nohup", dropinBudget},
		{"6-spawnlib", []string{"6a", "`spawn.RunSetsid` with Wait (bench/spawnlib)", "6b", "`spawn.RunNohup` with Wait (bench/spawnlib)"}, nil, "spawn", libBudget},
	} {
		nours := len(c.ours) / 2
		floor := r.hyperfineMedian(fmt.Sprintf("%s.%d", c.name, nours+len(c.tools)))
		for k := 0; k < nours; k++ {
			ours := r.hyperfineMedian(fmt.Sprintf("%s.%d", c.name, k))
			var tools, ratios []string
			for i, t := range c.tools {
				v := r.hyperfineMedian(fmt.Sprintf("%s.%d", c.name, nours+i))
				tools = append(tools, t+" "+ms(v))
				ratios = append(ratios, ratio(ours, v))
			}
			if len(tools) == 0 {
				tools, ratios = []string{"–"}, []string{"–"}
			}
			num, path := c.ours[2*k], c.ours[2*k+1]
			r.row(num, path, ms(ours), strings.Join(tools, " / "), strings.Join(ratios, " / "),
				c.floor+" "+ms(floor), ratio(ours, floor),
				r.judge(num+" "+path+" / "+c.floor+" floor", ours/floor, c.limit, 0, "x"))
		}
	}
}

// pid1Cases: rows 7-10, one value per wrapper, and the memory table.
func (r *report) pid1Cases() {
	ran := false
	if ents, err := os.ReadDir(filepath.Join(r.dir, "json")); err == nil {
		for _, e := range ents {
			for _, p := range []string{"mem-", "reap-", "siglat-"} {
				ran = ran || strings.HasPrefix(e.Name(), p)
			}
		}
	}
	if !ran {
		for _, n := range []string{"7", "8", "9", "10"} {
			r.row(n, "PID 1 case", "not run (needs root)", "–", "–", "–", "–", "–")
		}
		return
	}
	kib := func(v float64) string {
		if math.IsNaN(v) {
			return "FAILED"
		}
		return fmt.Sprintf("%.0f KiB", v)
	}

	// Memory: the median of each column over the runs.
	cols := []string{"VmRSS", "Pss", "RssAnon", "RssFile"}
	mem := map[string][]float64{}
	for _, w := range wrappers {
		for i := range cols {
			mem[w] = append(mem[w], median(r.column("mem-"+w+".txt", i)))
		}
	}
	r.memory = append(r.memory, "| program | "+strings.Join(cols, " | ")+" |", "|---|---|---|---|---|")
	for _, w := range wrappers {
		name := w
		if w == "floor" {
			name = "Go floor (`bench/floor/spawn -catch`)"
		}
		cells := []string{name}
		for i := range cols {
			cells = append(cells, kib(mem[w][i]))
		}
		r.memory = append(r.memory, "| "+strings.Join(cells, " | ")+" |")
	}
	for _, m := range []struct {
		num, what string
		col       int
		limit     float64
	}{
		{"7", "VmRSS of `init -- sleep` as PID 1, 1 s in", 0, rssBudget},
		{"8", "RssAnon of the same", 2, anonBudget},
	} {
		o, t, d, f := mem["sysprims"][m.col], mem["tini"][m.col], mem["dumb-init"][m.col], mem["floor"][m.col]
		r.row(m.num, m.what, kib(o), "tini "+kib(t)+" / dumb-init "+kib(d), ratio(o, t)+" / "+ratio(o, d),
			"Go "+kib(f), ratio(o, f), r.judge(m.num+" "+m.what, o, m.limit, 0, "KiB"))
	}

	// Reaping: no floor (the Go forwarder reaps only its child).
	reap := map[string]float64{}
	for _, w := range wrappers[:3] {
		reap[w] = median(r.column("reap-"+w+".txt", 0)) / 1e3
	}
	msf := func(v float64) string {
		if math.IsNaN(v) {
			return "FAILED"
		}
		return fmt.Sprintf("%.1f ms", v)
	}
	r.row("9", "reap 2,000 orphans (200 in --smoke) as PID 1: kill until none left", msf(reap["sysprims"]),
		"tini "+msf(reap["tini"])+" / dumb-init "+msf(reap["dumb-init"]),
		ratio(reap["sysprims"], reap["tini"])+" / "+ratio(reap["sysprims"], reap["dumb-init"]), "–", "–",
		r.judge("9 reaping / tini", reap["sysprims"]/reap["tini"], reapBudget, reapNoise, "x"))

	// Forwarding: p50 and p99 of each run of signals, median over runs;
	// -1 = lost.
	type pq struct{ p50, p99 float64 }
	lat := map[string]pq{}
	lost := map[string]int{}
	for _, w := range wrappers {
		var p50s, p99s []float64
		files, _ := filepath.Glob(r.path("siglat-" + w + ".*.txt"))
		for _, f := range files {
			var ok []float64
			for _, x := range r.column(filepath.Base(f), 0) {
				if x < 0 {
					lost[w]++
					continue
				}
				ok = append(ok, x)
			}
			if len(ok) > 0 {
				p50s = append(p50s, percentile(ok, 50))
				p99s = append(p99s, percentile(ok, 99))
			}
		}
		lat[w] = pq{median(p50s), median(p99s)}
	}
	us := func(w string) string {
		p := lat[w]
		if math.IsNaN(p.p50) {
			return "FAILED"
		}
		s := fmt.Sprintf("%.0f / %.0f µs", p.p50, p.p99)
		if lost[w] > 0 {
			s += fmt.Sprintf(" (%d lost)", lost[w])
		}
		return s
	}
	o, t, d, f := lat["sysprims"], lat["tini"], lat["dumb-init"], lat["floor"]
	if _, err := os.Stat(r.path("siglat-skipped")); err == nil {
		r.row("10", "TERM forward to a C receiver, p50 / p99", "not run (no gcc)", "–", "–", "–", "–", "–")
		return
	}
	r.row("10", "TERM forward to a C receiver (sigtimedwait), p50 / p99", us("sysprims"),
		"tini "+us("tini")+" / dumb-init "+us("dumb-init"),
		ratio(o.p50, t.p50)+", "+ratio(o.p99, t.p99)+" / "+ratio(o.p50, d.p50)+", "+ratio(o.p99, d.p99),
		"Go "+us("floor"), ratio(o.p50, f.p50)+", "+ratio(o.p99, f.p99),
		"p50 "+r.judge("10 TERM forward p50 / Go forwarder", o.p50/f.p50, fwdBudget, 0, "x")+
			", p99 "+r.judge("10 TERM forward p99 / Go forwarder", o.p99/f.p99, fwdBudget, 0, "x"))
}

var benchLine = regexp.MustCompile(`^Benchmark(\w+?)(-\d+)?\s+\d+\s+([\d.]+) ns/op`)

// library: rows 11a and 11b from the go test -bench output (median ns/op
// over -count runs), for information: the library's budget is judged in
// row 6, from a program of its own rather than a test binary. It returns
// all the medians.
func (r *report) library() map[string]float64 {
	runs := map[string][]float64{}
	if f, err := os.Open(r.path("gobench.txt")); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if m := benchLine.FindStringSubmatch(sc.Text()); m != nil {
				v, _ := strconv.ParseFloat(m[3], 64)
				runs[m[1]] = append(runs[m[1]], v)
			}
		}
		f.Close()
	}
	ns := map[string]float64{}
	for k, v := range runs {
		ns[k] = median(v)
	}
	get := func(k string) float64 {
		if v, ok := ns[k]; ok {
			return v
		}
		return none
	}
	cps := func(v float64) string {
		if math.IsNaN(v) {
			return "FAILED"
		}
		return fmt.Sprintf("%.0f/s (%s)", 1e9/v, ms(v/1e9))
	}
	floor := get("FloorSpawnStage")
	for _, c := range []struct{ num, bench, path, ref, refName string }{
		{"11a", "RunSetsidWait", "`spawn.RunSetsid` with Wait from a test binary, calls/s", "ExecSetsidOSExec", "os/exec Setsid"},
		{"11b", "RunNohupWait", "`spawn.RunNohup` with Wait from a test binary, calls/s", "ExecNohupBinary", "exec /usr/bin/nohup"},
	} {
		ours, ref := get(c.bench), get(c.ref)
		r.row(c.num, c.path, cps(ours), c.refName+" "+cps(ref), ratio(ours, ref),
			"stage "+cps(floor), ratio(ours, floor), "(see 6)")
	}
	return ns
}

// sizes: row 12, the binaries as built for the run (the release flags)
// and the C tools as installed.
func (r *report) sizes() {
	b, err := os.ReadFile(filepath.Join(r.dir, "sizes.txt"))
	if err != nil {
		return
	}
	size := map[string]float64{}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) == 2 {
			if v, err := strconv.ParseFloat(f[1], 64); err == nil {
				size[f[0]] = v
			}
		}
	}
	show := func(name string) string {
		v, ok := size[name]
		switch {
		case !ok:
			return name + " –"
		case v >= 1e6:
			return fmt.Sprintf("%s %.2f MB", name, v/1e6)
		}
		return fmt.Sprintf("%s %.0f KB", name, v/1e3)
	}
	o := size["sysprims"]
	var tools []string
	for _, t := range []string{"tini", "tini-static", "dumb-init"} {
		if _, ok := size[t]; ok {
			tools = append(tools, show(t))
		}
	}
	r.row("12", "binary size (release build flags)", strings.TrimPrefix(show("sysprims"), "sysprims "),
		strings.Join(tools, " / "), ratio(o, size["tini-static"]), show("floor-spawn"), ratio(o, size["floor-spawn"]), "–")
}

func (r *report) print(ns map[string]float64) {
	if b, err := os.ReadFile(filepath.Join(r.dir, "machine.txt")); err == nil {
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			fmt.Println("- " + l)
		}
	}
	if v, ok := ns["ForkExecTrue"]; ok {
		fmt.Printf("- for scale: fork+exec+wait of /bin/true from Go takes %s\n", ms(v/1e9))
	}
	c, g := r.hyperfineMedian("0-start.0"), r.hyperfineMedian("0-start.1")
	fmt.Printf("- for scale: `/bin/true` takes %s, a Go program that exits at once (`bench/floor/inplace -exit`) %s: "+
		"the Go runtime's start-up costs a process %s\n", ms(c), ms(g), ms(g-c))
	fmt.Println()
	fmt.Println("| # | path | sysprims | C tool(s) | ours/C | floor | ours/floor | budget |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, l := range r.rows {
		fmt.Println(l)
	}
	fmt.Println()
	fmt.Println("Medians; ratios are of times, KiB or bytes, so lower is better. Floors: design = " +
		"`bench/floor/spawn -catch` (catches the signals sysprims catches while a re-executed " +
		"stage of itself starts, the stage calls setsid and execs, the parent forwards and waits; " +
		"`-nohup` leaves SIGHUP alone and ignores it in the stage); spawn = the same without " +
		"catching (the library's floor); in-place = `bench/floor/inplace` (setsid, exec; `-nohup`: " +
		"isatty checks, ignore SIGHUP, exec); Go = `bench/floor/spawn -catch` as PID 1, the minimal " +
		"Go forwarder. 12: ours/C is against tini-static.")
	if len(r.memory) > 0 {
		fmt.Println()
		fmt.Println("Memory of the waiting PID 1 (`WRAPPER sleep`, 1 s in; /proc/PID/status and smaps_rollup), medians:")
		fmt.Println()
		for _, l := range r.memory {
			fmt.Println(l)
		}
	}
	if !r.smoke && len(r.budgets) > 0 {
		fmt.Println()
		fmt.Println("Budgets (issue 11), measured in this run:")
		fmt.Println()
		for _, l := range r.budgets {
			fmt.Println(l)
		}
	}
}
