/** How the bench measures and prints: one row per figure, with its budget and the ratio to it. */
export function time<T>(run: () => T): { ms: number; result: T } {
  const start = process.hrtime.bigint();
  const result = run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

export function row(name: string, value: string, budget: string, ratio: number) {
  console.log(`${name.padEnd(52)} ${value.padStart(14)}   budget ${budget.padEnd(12)} ratio ${ratio.toFixed(2)}`);
}
