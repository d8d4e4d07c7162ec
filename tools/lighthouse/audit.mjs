// Lighthouse on every URL given, in one Chrome: a JSON list of reports, in order.
// Usage: node audit.mjs CATEGORIES URL... (CATEGORIES comma-separated; the
// Chrome binary in CHROME_PATH, its flags, space-separated, in CHROME_FLAGS).
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const [categories, ...urls] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromeFlags: (process.env.CHROME_FLAGS || "").split(" ").filter(Boolean),
});
const reports = [];
try {
  for (const url of urls) {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: categories.split(","),
    }, {
      extends: "lighthouse:default",
      settings: {
        // A static page of a local server: what is audited is in the DOM once it
        // has loaded, so Lighthouse need not wait for the network and CPU to go
        // quiet (the waits, 4 s a page, are for timing a real visit).
        pauseAfterFcpMs: 0,
        pauseAfterLoadMs: 0,
        networkQuietThresholdMs: 0,
        cpuQuietThresholdMs: 0,
        disableFullPageScreenshot: true,
      },
    });
    reports.push(JSON.parse(result.report));
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(reports));
