// A vitest reporter that ends the run with one plain line, `Tests: N passed, N failed, N skipped`,
// which tools that read only closing lines understand; skipped tests are listed with their reason.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else {
          skipped++;
          const note = (test.result() as { note?: string }).note;
          process.stdout.write(`skipped: ${test.fullName}${note ? ` (${note})` : ''}\n`);
        }
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++; // a file that failed to load
    }
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
