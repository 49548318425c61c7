// Command table turns the raw results of bench/run into one markdown
// table on stdout:
//
//	table [-smoke] WORKDIR
//
// WORKDIR/machine.txt describes the machine; WORKDIR/json holds
// hyperfine's --export-json files (CASE.I.rR.json: command I, round R), the PID 1 samples
// (5-rss-W.txt, 6-reap-W.txt, 7-siglat-W.R.txt) and the go test -bench
// output (8-gobench.txt). With -smoke the numbers are too few to judge
// and no budget is checked. It is a helper of bench/run, not a tool.
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

// The budget of issue 5.
const (
	spawnBudget = 1.15 // ours/floor, time
	rssBudget   = 1.5  // ours/tini, VmRSS
	pid1Budget  = 1.0  // ours/tini, reaping time and latency
	reapNoise   = 0.05 // reaping runs vary this much: closer is a tie
)

var wrappers = []string{"sysprims", "tini", "dumb-init"}

// none marks a missing or failed measurement.
var none = math.NaN()

type report struct {
	dir   string
	smoke bool
	rows  []string
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
	r.print(ns)
}

func (r *report) path(name string) string { return filepath.Join(r.dir, "json", name) }

func (r *report) row(cells ...string) {
	r.rows = append(r.rows, "| "+strings.Join(cells, " | ")+" |")
}

// verdict judges ratio x against limit; within noise (a fraction) above
// the limit is a tie.
func (r *report) verdict(x, limit, noise float64, of string) string {
	switch {
	case r.smoke:
		return "(smoke: not judged)"
	case math.IsNaN(x):
		return "–"
	}
	word := "**over**"
	if x <= limit {
		word = "ok"
	} else if x <= limit*(1+noise) {
		word = fmt.Sprintf("tie (within %.0f%% noise)", noise*100)
	}
	return fmt.Sprintf("%s (≤%.2fx%s)", word, limit, of)
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

// samples reads whitespace-separated numbers.
func (r *report) samples(name string) []float64 {
	b, err := os.ReadFile(r.path(name))
	if err != nil {
		return nil
	}
	var xs []float64
	for _, f := range strings.Fields(string(b)) {
		x, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil
		}
		xs = append(xs, x)
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

// processCases: rows 1-4, one hyperfine file per command: ours, the C
// tools, the floor.
func (r *report) processCases() {
	for _, c := range []struct {
		num, name, path string
		tools           []string
		floor           string
	}{
		{"1", "1-setsid-wait", "`sysprims setsid --wait /bin/true` vs `setsid -f -w`", []string{"setsid -f -w"}, "spawn"},
		{"2", "2-dropin-setsid", "drop-in `setsid /bin/true` (in place) vs `setsid`", []string{"setsid"}, "in-place"},
		{"3", "3-dropin-nohup", "drop-in `nohup /bin/true` vs `nohup`", []string{"nohup"}, "in-place"},
		{"4", "4-init", "`sysprims init -- /bin/true` vs `tini --`, `dumb-init`", []string{"tini", "dumb-init"}, "spawn"},
	} {
		ours := r.hyperfineMedian(c.name + ".0")
		floor := r.hyperfineMedian(fmt.Sprintf("%s.%d", c.name, len(c.tools)+1))
		var tools, ratios []string
		for i, t := range c.tools {
			v := r.hyperfineMedian(fmt.Sprintf("%s.%d", c.name, i+1))
			tools = append(tools, t+" "+ms(v))
			ratios = append(ratios, ratio(ours, v))
		}
		r.row(c.num, c.path, ms(ours), strings.Join(tools, " / "), strings.Join(ratios, " / "),
			c.floor+" "+ms(floor), ratio(ours, floor), r.verdict(ours/floor, spawnBudget, 0, ""))
	}
}

// pid1Cases: rows 5-7, one value per wrapper.
func (r *report) pid1Cases() {
	ran := false
	if ents, err := os.ReadDir(filepath.Join(r.dir, "json")); err == nil {
		for _, e := range ents {
			ran = ran || strings.HasPrefix(e.Name(), "5-") || strings.HasPrefix(e.Name(), "6-") || strings.HasPrefix(e.Name(), "7-")
		}
	}
	type pair struct{ a, b float64 } // one value, or p50 and p99
	one := func(name string, scale float64) map[string]pair {
		m := map[string]pair{}
		for _, w := range wrappers {
			m[w] = pair{median(r.samples(fmt.Sprintf(name, w))) * scale, none}
		}
		return m
	}
	emit := func(num, path string, v map[string]pair, show func(pair) string, cmp func(o, t pair) (float64, string), limit, noise float64, extra string) {
		if !ran {
			r.row(num, path, "not run (needs root)", "–", "–", "–", "–", "–")
			return
		}
		fmtv := func(p pair) string {
			if math.IsNaN(p.a) {
				return "FAILED"
			}
			return show(p)
		}
		o, t, d := v["sysprims"], v["tini"], v["dumb-init"]
		x, rt := cmp(o, t)
		_, rd := cmp(o, d)
		r.row(num, path, fmtv(o), "tini "+fmtv(t)+" / dumb-init "+fmtv(d), rt+" / "+rd, "–", "–",
			r.verdict(x, limit, noise, " tini")+extra)
	}
	simple := func(o, t pair) (float64, string) { return o.a / t.a, ratio(o.a, t.a) }

	emit("5", "VmRSS of the waiting parent (`init -- sleep`, PID 1)", one("5-rss-%s.txt", 1),
		func(p pair) string { return fmt.Sprintf("%.0f KiB", p.a) }, simple, rssBudget, 0, "")
	emit("6", "reap 2,000 orphans as PID 1: kill until none left", one("6-reap-%s.txt", 1e-3),
		func(p pair) string { return fmt.Sprintf("%.1f ms", p.a) }, simple, pid1Budget, reapNoise, "")

	// 7: p50 and p99 of each run of signals, median over runs; -1 = lost.
	lat := map[string]pair{}
	lost := 0
	for _, w := range wrappers {
		var p50s, p99s []float64
		files, _ := filepath.Glob(r.path("7-siglat-" + w + ".*.txt"))
		for _, f := range files {
			var ok []float64
			for _, x := range r.samples(filepath.Base(f)) {
				if x < 0 {
					if w == "sysprims" {
						lost++
					}
					continue
				}
				ok = append(ok, x)
			}
			if len(ok) > 0 {
				p50s = append(p50s, percentile(ok, 50))
				p99s = append(p99s, percentile(ok, 99))
			}
		}
		lat[w] = pair{median(p50s), median(p99s)}
	}
	extra := ""
	if lost > 0 {
		extra = fmt.Sprintf(", %d signals lost", lost)
	}
	emit("7", "TERM to the wrapper until CMD's handler runs, p50 / p99", lat,
		func(p pair) string { return fmt.Sprintf("%.0f / %.0f µs", p.a, p.b) },
		func(o, t pair) (float64, string) {
			return math.Max(o.a/t.a, o.b/t.b), ratio(o.a, t.a) + ", " + ratio(o.b, t.b)
		}, pid1Budget, 0, extra)
}

var benchLine = regexp.MustCompile(`^Benchmark(\w+?)(-\d+)?\s+\d+\s+([\d.]+) ns/op`)

// library: rows 8a and 8b from the go test -bench output (median ns/op
// over -count runs). It returns all the medians.
func (r *report) library() map[string]float64 {
	runs := map[string][]float64{}
	if f, err := os.Open(r.path("8-gobench.txt")); err == nil {
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
		{"8a", "RunSetsidWait", "`spawn.RunSetsid` with wait, calls/s", "ExecSetsidOSExec", "os/exec Setsid"},
		{"8b", "RunNohupWait", "`spawn.RunNohup` with wait, calls/s", "ExecNohupBinary", "exec /usr/bin/nohup"},
	} {
		ours, ref := get(c.bench), get(c.ref)
		r.row(c.num, c.path, cps(ours), c.refName+" "+cps(ref), ratio(ours, ref),
			"stage "+cps(floor), ratio(ours, floor), r.verdict(ours/floor, spawnBudget, 0, ""))
	}
	return ns
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
	fmt.Println()
	fmt.Println("| # | path | sysprims | C tool(s) | ours/C | floor | ours/floor | budget |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, l := range r.rows {
		fmt.Println(l)
	}
	fmt.Println()
	fmt.Println("Medians; ratios are of times (or KiB), so lower is better. Floors: `bench/floor/spawn` " +
		"(re-exec self as a stage that calls setsid and execs; the parent waits) and `bench/floor/inplace` " +
		"(setsid, exec); 8: from one Go process, floor = start the spawn floor's stage and wait.")
}
