import { describeProblem, lintWorkflows } from './lint';

/** `npm run lint:workflows`: checks every workflow with the pinned actionlint (built on first use). */
async function main(): Promise<void> {
  const problems = await lintWorkflows();
  for (const problem of problems) console.error(describeProblem(problem));
  if (problems.length > 0) {
    console.error(`actionlint: ${problems.length} problem(s) in .github/workflows`);
    process.exitCode = 1;
    return;
  }
  console.log('actionlint: workflows are clean');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
