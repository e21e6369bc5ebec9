#!/usr/bin/env python3
"""Opens a report.html written by `crucible compare` in headless Chromium: the page must render
its inline SVG charts with no console errors and no blocked (network) loads. Saves a
screenshot as a test artifact. Exits 77 (skipped) when Chromium is not installed.

usage: check_html_in_browser.py CRUCIBLE OUT_DIR
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synthetic_results  # noqa: E402


def main():
    crucible, out = sys.argv[1], os.path.abspath(sys.argv[2])
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        print("skipped: chromium not installed")
        return 77
    os.makedirs(out, exist_ok=True)
    base, new = os.path.join(out, "base.json"), os.path.join(out, "new.json")
    synthetic_results.write(base, synthetic_results.results(1.0, seed=1))
    synthetic_results.write(new, synthetic_results.results(1.3, seed=2, failed=True))
    html = os.path.join(out, "report.html")
    run = subprocess.run([crucible, "compare", base, new, "--html", html], capture_output=True, text=True, timeout=60)
    # Correctness failure in NEW outranks the regression.
    if run.returncode != 1:
        print("crucible compare exited %d, expected 1\n%s%s" % (run.returncode, run.stdout, run.stderr))
        return 1
    url = "file://" + html
    common = [browser, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
              "--user-data-dir=" + os.path.join(out, "chromium-profile")]
    dom = subprocess.run(common + ["--dump-dom", url], capture_output=True, text=True, timeout=120)
    failures = []
    if dom.returncode != 0:
        failures.append("chromium --dump-dom exited %d: %s" % (dom.returncode, dom.stderr[-2000:]))
    svgs = len(re.findall(r"<svg class=\"chart\"", dom.stdout))
    if svgs < 2:
        failures.append("rendered DOM has %d chart(s), expected at least 2 (speedup and scaling)" % svgs)
    if dom.stdout.count("<polyline") < 2:
        failures.append("rendered DOM has no scaling lines (polyline)")
    if "<rect" not in dom.stdout:
        failures.append("rendered DOM has no bars")
    shot = os.path.join(out, "report.png")
    if os.path.exists(shot):
        os.remove(shot)
    logged = subprocess.run(common + ["--enable-logging=stderr", "--v=0", "--window-size=1280,2400",
                                      "--screenshot=" + shot, url],
                            capture_output=True, text=True, timeout=120)
    log = logged.stderr
    with open(os.path.join(out, "chromium.log"), "w") as f:
        f.write(log)
    for pattern in ("Uncaught", "ERROR:CONSOLE", "Refused to", "net::ERR_"):
        for line in log.splitlines():
            if pattern in line:
                failures.append("console: " + line.strip())
    if not os.path.exists(shot) or os.path.getsize(shot) < 1000:
        failures.append("no screenshot written (%s); chromium exited %d" % (shot, logged.returncode))
    if failures:
        print("\n".join(failures))
        return 1
    print("ok: %d charts rendered, no console errors; screenshot %s" % (svgs, shot))
    return 0


if __name__ == "__main__":
    sys.exit(main())
